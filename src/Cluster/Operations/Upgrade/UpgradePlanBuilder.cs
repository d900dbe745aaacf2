using Gravity.Cluster.Plans;
using Gravity.Cluster.State;

namespace Gravity.Cluster.Operations.Upgrade;

/// <summary>
/// The plan of an upgrade, in the shape of Gravity's (lifecycle reference, "Upgrade"): init, checks, pre-update,
/// bootstrap/&lt;node&gt; on every node, then the masters one by one (the leader first, stepping down when another master
/// can lead), then the regular nodes (--parallel-workers at a time), etcd/backup when the runtime's etcd changes, the
/// cluster's record (config), the application's update hooks (app) and the clean-up of every node (gc). A step that
/// acts on a node itself (bootstrap, stepdown, system-upgrade, elect, health, etcd backup, gc) runs there, through its
/// agent; those that go through the Kubernetes API or the cluster's records run on the initiator.
/// </summary>
public static class UpgradePlanBuilder
{
    public static OperationPlan Build(string operationId, UpgradeConfig config, string clusterName)
    {
        var initiator = config.Initiator;
        var to = config.ToVersion;
        var phases = new List<Phase>
        {
            Leaf(UpgradePhases.Init, "Initialize update operation", initiator, "init"),
            Leaf(UpgradePhases.Checks, "Run preflight checks", initiator, "checks", UpgradePhases.Init),
            Leaf(UpgradePhases.PreUpdate, "Run pre-update application hook", initiator, "pre-update", UpgradePhases.Checks),
            new()
            {
                Id = UpgradePhases.Bootstrap, Description = "Bootstrap update operation on nodes", Requires = [UpgradePhases.Init], Parallel = true,
                Phases = config.AllNodes.Select(n => new Phase
                {
                    Id = $"{UpgradePhases.Bootstrap}/{n.Name}", Description = $"Bootstrap node \"{n.Name}\"", Node = n.Name,
                    Executor = UpgradePhases.BootstrapExecutor, Data = new Dictionary<string, string> { [UpgradePhases.NodeKey] = n.Name },
                }).ToList(),
            },
        };

        var masters = new List<Phase>();
        for (var i = 0; i < config.Masters.Count; i++)
        {
            var m = config.Masters[i];
            var steps = UpgradePhases.MasterSteps.Where(s => s != UpgradePhases.Stepdown || (i == 0 && config.Masters.Count > 1));
            masters.Add(NodeGroup($"{UpgradePhases.Masters}/{m.Name}", $"Update system software on master node \"{m.Name}\"", m, steps, initiator,
                i == 0 ? [] : [$"{UpgradePhases.Masters}/{config.Masters[i - 1].Name}"]));
        }
        phases.Add(new Phase
        {
            Id = UpgradePhases.Masters, Description = "Update master nodes", Requires = [UpgradePhases.Checks, UpgradePhases.Bootstrap, UpgradePhases.PreUpdate],
            Phases = masters,
        });
        var last = UpgradePhases.Masters;

        if (config.Nodes.Count > 0)
        {
            phases.Add(new Phase
            {
                Id = UpgradePhases.Nodes, Description = "Update regular nodes", Requires = [UpgradePhases.Masters], Parallel = true,
                MaxParallel = Math.Max(1, config.ParallelWorkers),
                Phases = config.Nodes.Select(n => NodeGroup($"{UpgradePhases.Nodes}/{n.Name}", $"Update system software on node \"{n.Name}\"", n,
                    UpgradePhases.MasterSteps.Where(s => s is not (UpgradePhases.Stepdown or UpgradePhases.Elect)), initiator, [])).ToList(),
            });
            last = UpgradePhases.Nodes;
        }

        if (config.EtcdVersionChanges)
        {
            // Only the backup: shutting etcd down, upgrading its data and restoring it need a second etcd version to be
            // tested against, which this build does not have (docs/upgrade.md).
            phases.Add(new Phase
            {
                Id = UpgradePhases.Etcd, Description = "Upgrade etcd", Requires = [last],
                Phases =
                [
                    new Phase
                    {
                        Id = $"{UpgradePhases.Etcd}/backup", Description = "Back up etcd data",
                        Phases = config.Masters.Select(m => Leaf($"{UpgradePhases.Etcd}/backup/{m.Name}", $"Back up etcd on node \"{m.Name}\"", m.Name, "etcd-backup") with
                        {
                            Data = new Dictionary<string, string> { [UpgradePhases.NodeKey] = m.Name },
                        }).ToList(),
                    },
                ],
            });
            last = UpgradePhases.Etcd;
        }

        phases.Add(Leaf(UpgradePhases.Config, $"Record version {to} of the application in the cluster", initiator, "config", last));
        phases.Add(new Phase
        {
            Id = UpgradePhases.App, Description = "Update installed application", Requires = [UpgradePhases.Config],
            Phases = [Leaf($"{UpgradePhases.App}/{config.AppName}", $"Update application \"{config.AppName}\" to {to}", initiator, "app")],
        });
        phases.Add(new Phase
        {
            Id = UpgradePhases.Gc, Description = "Run cleanup tasks", Requires = [UpgradePhases.App], Parallel = true,
            Phases = config.AllNodes.Select(n => new Phase
            {
                Id = $"{UpgradePhases.Gc}/{n.Name}", Description = $"Clean up node \"{n.Name}\"", Node = n.Name, Executor = UpgradePhases.GcExecutor, Data = new Dictionary<string, string> { [UpgradePhases.NodeKey] = n.Name },
            }).ToList(),
        });

        return new OperationPlan
        {
            OperationId = operationId,
            OperationType = OperationTypes.Upgrade,
            ClusterName = clusterName,
            Created = config.Created,
            GravityVersion = Core.GravityVersion.Current,
            Phases = phases,
        };
    }

    /// <summary>One node's steps, each requiring the one before it.</summary>
    private static Phase NodeGroup(string id, string description, ClusterNode node, IEnumerable<string> steps, string initiator, IReadOnlyList<string> requires)
    {
        var children = new List<Phase>();
        foreach (var step in steps)
        {
            var stepId = $"{id}/{step}";
            children.Add(new Phase
            {
                Id = stepId, Description = StepDescription(step, node.Name), Node = RunsOnTheNode(step) ? node.Name : initiator,
                Requires = children.Count == 0 ? [] : [children[^1].Id], Executor = UpgradePhases.ExecutorOf(step),
                Data = new Dictionary<string, string> { [UpgradePhases.NodeKey] = node.Name },
            });
        }
        return new Phase { Id = id, Description = description, Requires = requires, Phases = children };
    }

    // Steps that change the node itself run there; scheduling and endpoints go through the Kubernetes API of the initiator.
    private static bool RunsOnTheNode(string step) => step is UpgradePhases.Stepdown or UpgradePhases.SystemUpgrade or UpgradePhases.Elect or UpgradePhases.Health;

    private static string StepDescription(string step, string node) => step switch
    {
        UpgradePhases.Stepdown => $"Step down \"{node}\" as Kubernetes leader",
        UpgradePhases.Drain => $"Drain node \"{node}\"",
        UpgradePhases.SystemUpgrade => $"Update system software on node \"{node}\"",
        UpgradePhases.Elect => $"Enable leader election on node \"{node}\"",
        UpgradePhases.Health => $"Health check node \"{node}\"",
        UpgradePhases.Taint => $"Taint node \"{node}\"",
        UpgradePhases.Uncordon => $"Uncordon node \"{node}\"",
        UpgradePhases.Endpoints => $"Wait for DNS/cluster endpoints on \"{node}\"",
        UpgradePhases.Untaint => $"Remove taint from node \"{node}\"",
        _ => step,
    };

    private static Phase Leaf(string id, string description, string node, string executor, params string[] requires)
        => new() { Id = id, Description = description, Node = node, Requires = requires, Executor = "upgrade-" + executor };
}

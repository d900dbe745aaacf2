using Gravity.Cluster.Plans;
using Gravity.Cluster.State;

namespace Gravity.Cluster.Operations.Shrink;

/// <summary>
/// The plan of a shrink. The node's records go first, its etcd member next (a member removed stops its etcd, and the
/// records are written through etcd), then what the node runs and holds is removed on the node itself, through its
/// agent (not for `gravity leave`, whose command uninstalls the node once the plan completed, nor for a lost node
/// removed with --force). On a cluster with Kubernetes the node is cordoned and drained first (/drain, after the
/// preNodeRemove hook, as in Gravity), unless it cannot be reached.
/// </summary>
public static class ShrinkPlanBuilder
{
    public static OperationPlan Build(string operationId, ShrinkConfig config, string clusterName)
    {
        var target = config.Target;
        var previous = "";
        Phase Leaf(string id, string description, string node)
        {
            var phase = new Phase { Id = id, Description = description, Node = node, Requires = previous.Length == 0 ? [] : [previous], Executor = id.TrimStart('/') };
            previous = id;
            return phase;
        }

        var phases = new List<Phase>
        {
            Leaf(ShrinkPhases.PreNodeRemove, "Run the preNodeRemove hook of the application", config.Initiator),
        };
        if (config.Drain) phases.Add(Leaf(ShrinkPhases.Drain, $"Drain node {target.Name} in Kubernetes", config.Initiator));
        phases.Add(Leaf(ShrinkPhases.Records, $"Remove node {target.Name} from the cluster's records", config.Initiator));
        if (target.Master) phases.Add(Leaf(ShrinkPhases.Etcd, $"Remove the etcd member of {target.Name}", config.Initiator));
        if (!config.Leaving && !config.Force)
            phases.Add(Leaf(ShrinkPhases.Clean, $"Stop and remove everything of the cluster on {target.Name}", target.Name));
        phases.Add(Leaf(ShrinkPhases.PostNodeRemove, "Run the postNodeRemove hook of the application", config.Initiator));
        return new OperationPlan
        {
            OperationId = operationId,
            OperationType = OperationTypes.Shrink,
            ClusterName = clusterName,
            Created = config.Created,
            GravityVersion = Core.GravityVersion.Current,
            Phases = phases,
        };
    }
}

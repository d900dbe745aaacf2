using Gravity.Cluster.Etcd;
using Gravity.Cluster.Plans;
using Gravity.Cluster.Runtime;
using Gravity.Cluster.State;
using Gravity.Core;

namespace Gravity.Cluster.Operations;

/// <summary>
/// Builds `gravity status`: the cluster record in etcd when the install has completed (the install's own record
/// before that), the node's health from its agent, and the operation in progress. The cluster is active when recorded
/// so and healthy; degraded when etcd or the agent does not answer or a probe fails; installing while the install runs.
/// </summary>
public sealed class ClusterStatusReader(INodeRuntime runtime)
{
    public async Task<ClusterStatusReport> ReadAsync(string stateDir, CancellationToken ct = default)
    {
        var install = await InstalledNode.FindAsync(stateDir, ct);
        var node = NodeAgentConfig.TryLoad(stateDir)?.Node ?? install?.Config.Node ?? throw new GravityException(
            $"no cluster is installed on this node (no install recorded in {Path.GetFullPath(stateDir)}; is --state-dir right?)");
        var operations = new OperationStore(stateDir);
        var operation = operations.Database.Exists ? await CurrentOperationAsync(operations, ct) : null;
        var problems = new List<string>();
        // Until etcd holds the cluster's record (and when it does not answer), the install's configuration tells the rest.
        var c = install?.Config;
        var created = c?.Created ?? default;
        var self = new ClusterNode(node.NodeName, node.AdvertiseAddr, node.Role, created, "installing", node.Master, HostName: Nodes.NodeHostName.Current());
        var report = new ClusterStatusReport(node.ClusterName, created, ClusterStatuses.Installing, new ClusterApplication(c?.AppName ?? "", c?.AppVersion ?? ""),
            c?.JoinToken ?? "", [self], operation, problems);

        switch (install?.Install.State)
        {
            case OperationState.InProgress:
                return report;
            case OperationState.Failed:
                problems.Add($"the install failed: {install.Install.Error}");
                return report with { Status = "failed", Nodes = [self with { Status = "failed" }] };
        }
        if (File.Exists(node.Folder.StoppedMarker))
            return report with { Status = "stopped", Nodes = [self with { Status = "stopped" }] };

        var status = ClusterStatuses.Active;
        var nodes = new List<ClusterNode> { self with { Status = "healthy" } };
        using (var etcd = new EtcdGrpcClient(node.EtcdOptions() with { Timeout = TimeSpan.FromSeconds(3) }))
        {
            try
            {
                var store = new ClusterStateStore(etcd);
                var cluster = await store.GetClusterAsync(ct);
                var recorded = await store.ListNodesAsync(ct);
                if (recorded.Count > 0) nodes = recorded.ToList();
                if (cluster is not null)
                {
                    report = report with { Cluster = cluster.Name, Created = cluster.Created, Application = cluster.Application,
                        JoinToken = await new JoinTokenStore(etcd, TimeProvider.System).PrimaryAsync(cluster, ct) ?? "" };
                    status = cluster.Status;
                }
            }
            catch (EtcdException ex)
            {
                problems.Add(ex.Message);
                status = ClusterStatuses.Degraded;
            }
        }

        var health = await runtime.GetHealthAsync(node, ct);
        var selfStatus = health switch
        {
            null => "offline",
            { Status: "running" } => "healthy",
            _ => "degraded",
        };
        if (health is null) problems.Add($"the node agent of {node.NodeName} does not answer");
        else if (health.FailedProbes.Count > 0) problems.Add($"failed probes on {node.NodeName}: {string.Join("; ", health.FailedProbes)}");
        // The other nodes as this node's agent saw them in its last round (each peer's own report, offline when it did not answer).
        nodes = nodes.Select(n => n.Name == node.NodeName ? n with { Status = selfStatus } : n with { Status = PeerStatus(health, n) }).ToList();
        foreach (var peer in nodes.Where(n => n.Name != node.NodeName && n.Status != "healthy"))
            problems.Add($"node {peer.Name} ({peer.AdvertiseAddr}) is {peer.Status}");
        if (nodes.Any(n => n.Status != "healthy")) status = ClusterStatuses.Degraded;
        return report with { Status = status, Nodes = nodes, Problems = problems };
    }

    // A node the agent has not probed yet (it joined since the last round) keeps its recorded status.
    private static string PeerStatus(NodeHealthSummary? health, ClusterNode node) => health?.Nodes.GetValueOrDefault(node.Name) switch
    {
        null => node.Status,
        "running" => "healthy",
        "offline" => "offline",
        _ => "degraded",
    };

    private static async Task<OperationSummary?> CurrentOperationAsync(OperationStore store, CancellationToken ct)
    {
        var op = (await store.ListAsync(ct)).FirstOrDefault(o => o.State == OperationState.InProgress);
        if (op is null) return null;
        var plan = await store.GetPlanAsync(op.Id, ct);
        var status = PlanStatus.Fold(plan, await store.ListChangesAsync(op.Id, ct));
        var at = plan.Leaves().FirstOrDefault(l => status.StateOf(l.Id) is PhaseState.InProgress or PhaseState.Failed)
            ?? plan.Leaves().FirstOrDefault(l => status.StateOf(l.Id) != PhaseState.Completed);
        return new OperationSummary(op.Id, op.Type, op.State.ToString(), op.Created, at?.Id, at is null ? null : status.StateOf(at.Id).Display());
    }
}

using Gravity.Cluster.Etcd;
using Gravity.Cluster.Nodes;
using Gravity.Cluster.Plans;
using Gravity.Cluster.State;
using Gravity.Health.History;

namespace Gravity.Cluster.Operations.Install.Executors;

/// <summary>/complete: records the cluster and this node in etcd and adds "Node Added" to the status history (both idempotent).</summary>
public sealed class CompleteExecutor(InstallPhaseContext install, Func<NodeSettings, IClusterStore> etcdFactory) : IPhaseExecutor
{
    public async Task ExecuteAsync(PhaseContext context, CancellationToken ct)
    {
        var c = install.Config;
        var node = c.Node;
        using var etcd = etcdFactory(node);
        var store = new ClusterStateStore(etcd);
        await store.PutNodeAsync(new ClusterNode(node.NodeName, node.AdvertiseAddr, node.Role, c.Created, "healthy", Master: true, node.HealthPort, node.RegistryPort, node.StateDir,
            NodeHostName.Current()), ct);
        await store.PutClusterAsync(new ClusterInfo(node.ClusterName, c.Created, new ClusterApplication(c.AppName, c.AppVersion), c.JoinToken, ClusterStatuses.Active, c.Flavor), ct);
        // The operation's creation time, not "now": a re-run records the same event, which the store ignores.
        await new HistoryStore(node.StateDir).RecordAsync(new ClusterEvent(c.Created, ClusterEventType.NodeAdded, node.NodeName), ct);
    }

    public async Task RollbackAsync(PhaseContext context, CancellationToken ct)
    {
        using var etcd = etcdFactory(install.Config.Node);
        var store = new ClusterStateStore(etcd);
        await store.RemoveNodeAsync(install.Config.Node.NodeName, ct);
        await etcd.DeleteAsync(ClusterStateStore.ClusterKey, ct);
    }
}

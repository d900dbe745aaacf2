using Gravity.Cluster.Plans;
using Gravity.Cluster.State;
using Gravity.Health.History;

namespace Gravity.Cluster.Operations.Shrink.Executors;

/// <summary>/records: the node leaves the cluster's node list (status, health, the registry fan-out and joins stop counting it); "Node Removed" in the history.</summary>
public sealed class NodeRecordsExecutor(ShrinkPhaseContext shrink) : IPhaseExecutor
{
    public async Task ExecuteAsync(PhaseContext context, CancellationToken ct)
    {
        using var etcd = shrink.LocalEtcd();
        await new ClusterStateStore(etcd).RemoveNodeAsync(shrink.Config.Target.Name, ct);
        await new HistoryStore(shrink.Config.InitiatorStateDir).RecordAsync(new ClusterEvent(shrink.Config.Created, ClusterEventType.NodeRemoved, shrink.Config.Target.Name), ct);
        context.Log($"removed node {shrink.Config.Target.Name} ({shrink.Config.Target.AdvertiseAddr}) from the cluster's records");
    }

    public async Task RollbackAsync(PhaseContext context, CancellationToken ct)
    {
        using var etcd = shrink.LocalEtcd();
        await new ClusterStateStore(etcd).PutNodeAsync(shrink.Config.Target, ct);
    }
}

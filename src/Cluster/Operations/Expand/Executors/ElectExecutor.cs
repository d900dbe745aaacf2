using Gravity.Cluster.Nodes;
using Gravity.Cluster.Plans;
using Gravity.Cluster.State;
using Gravity.Health.History;

namespace Gravity.Cluster.Operations.Expand.Executors;

/// <summary>
/// /elect: records the node in the cluster (a master is a leader candidate from then on: its agent campaigns once its
/// record says master), adds "Node Added" to the history and ends the expand operation's grant, so its token stops working.
/// </summary>
public sealed class ElectExecutor(ExpandPhaseContext join) : IPhaseExecutor
{
    public async Task ExecuteAsync(PhaseContext context, CancellationToken ct)
    {
        var node = join.Node;
        using var etcd = join.LocalEtcd();
        await new ClusterStateStore(etcd).PutNodeAsync(
            new ClusterNode(node.NodeName, node.AdvertiseAddr, node.Role, join.Config.Created, "healthy", node.Master, node.HealthPort, node.RegistryPort, node.StateDir,
                NodeHostName.Current()), ct);
        await new HistoryStore(node.StateDir).RecordAsync(new ClusterEvent(join.Config.Created, ClusterEventType.NodeAdded, node.NodeName), ct);
        await etcd.DeleteAsync(Expand.ExpandGrant.KeyOf(join.Config.Admission.OperationId), ct);
        context.Log($"node {node.NodeName} is a {(node.Master ? "master" : "regular node")} of cluster {node.ClusterName}");
    }

    public async Task RollbackAsync(PhaseContext context, CancellationToken ct)
    {
        using var etcd = join.LocalEtcd();
        await new ClusterStateStore(etcd).RemoveNodeAsync(join.Node.NodeName, ct);
    }
}

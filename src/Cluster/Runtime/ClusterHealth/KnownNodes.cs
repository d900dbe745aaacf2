using Gravity.Cluster.Etcd;
using Gravity.Cluster.State;

namespace Gravity.Cluster.Runtime.ClusterHealth;

/// <summary>
/// The cluster's node records for the cluster probes: read from the store each round, the last read kept for when the
/// store does not answer (its etcd down is etcd-healthz's to report; the peers can still be asked).
/// </summary>
public sealed class KnownNodes(ClusterStateStore state)
{
    private IReadOnlyList<ClusterNode> _last = [];

    public async Task<IReadOnlyList<ClusterNode>> ListAsync(CancellationToken ct)
    {
        try
        {
            var nodes = await state.ListNodesAsync(ct);
            Volatile.Write(ref _last, nodes);
            return nodes;
        }
        catch (EtcdException)
        {
            return Volatile.Read(ref _last);
        }
    }
}

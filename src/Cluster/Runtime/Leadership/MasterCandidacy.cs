using Gravity.Cluster.State;

namespace Gravity.Cluster.Runtime.Leadership;

/// <summary>
/// Whether this node may lead: its record in the cluster state says it is a master. A cluster with no node records
/// yet is being installed, and its first node is a master; a node missing from a cluster that has records is not one
/// (yet), so a regular node never campaigns, not even before its record is written.
/// </summary>
public sealed class MasterCandidacy(ClusterStateStore state, string nodeName)
{
    public async Task<bool> IsMasterAsync(CancellationToken ct)
    {
        var nodes = await state.ListNodesAsync(ct);
        var self = nodes.FirstOrDefault(n => n.Name == nodeName);
        return self?.Master ?? nodes.Count == 0;
    }
}

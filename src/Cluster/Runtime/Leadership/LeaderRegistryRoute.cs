using Gravity.Cluster.Certificates;
using Gravity.Cluster.Nodes;
using Gravity.Cluster.Runtime.Services;
using Gravity.Cluster.State;
using Gravity.Core;

namespace Gravity.Cluster.Runtime.Leadership;

/// <summary>
/// A regular node has no registry of its own, so its containerd sends the cluster registry's pulls (leader.telekube.local
/// and the direct names) to the leader's registry, following every new leader: losing the master it joined through, or
/// a change of leader, leaves its pulls working. Masters pull from their own copy and follow nothing.
/// </summary>
public sealed class LeaderRegistryRoute(NodeSettings node, ClusterStateStore state, TlsFiles tls)
{
    public async Task FollowAsync(LeaderRecord leader, CancellationToken ct)
    {
        // The leader's record knows its registry port; a leader not (yet) listed has the default.
        var nodes = await state.ListNodesAsync(ct);
        var port = nodes.FirstOrDefault(n => n.Name == leader.Node)?.RegistryPort ?? NodeDefaults.RegistryPort;
        var host = leader.AdvertiseAddr.Contains(':') ? $"[{leader.AdvertiseAddr}]" : leader.AdvertiseAddr;
        await ContainerdService.WriteRegistryHostsAsync(node, node.Folder, tls, $"{host}:{port}");
    }
}

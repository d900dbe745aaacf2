using Gravity.Cluster.Etcd;
using Gravity.Cluster.Plans;
using Gravity.Cluster.Runtime;
using Gravity.Cluster.Runtime.Services;

namespace Gravity.Cluster.Operations.Expand.Executors;

/// <summary>
/// /etcd (masters): adds this node to the etcd cluster as a learner (it does not count for quorum until /wait promotes
/// it, so a join that dies here leaves the cluster's quorum as it was), and writes the cluster its member starts into
/// in the node record. Idempotent: a member already added with this node's peer URL is kept.
/// </summary>
public sealed class EtcdMemberExecutor(ExpandPhaseContext join) : IPhaseExecutor
{
    public async Task ExecuteAsync(PhaseContext context, CancellationToken ct)
    {
        var node = join.Node;
        var peerUrl = EtcdService.PeerUrl(node).GetLeftPart(UriPartial.Authority);
        using var etcd = join.ClusterEtcd();
        var self = (await etcd.ListMembersAsync(ct)).FirstOrDefault(m => m.PeerUrls.Contains(peerUrl));
        if (self is null)
        {
            self = await etcd.AddMemberAsync([new Uri(peerUrl)], asLearner: true, ct);
            context.Log($"added etcd member {self.Id:x} at {peerUrl} as a learner");
        }
        var members = await etcd.ListMembersAsync(ct);
        // etcd checks that the initial cluster of a member joining an existing cluster lists every member by peer URL.
        var initial = string.Join(",", members.Select(m => $"{(m.Id == self.Id ? node.NodeName : m.Name.Length > 0 ? m.Name : $"member-{m.Id:x}")}={m.PeerUrls[0]}"));
        var record = NodeAgentConfig.Load(node.StateDir);
        await (record with { Node = record.Node with { EtcdInitialCluster = initial } }).SaveAsync();
        context.Log($"etcd member {node.NodeName} starts into {initial}");
    }

    public async Task RollbackAsync(PhaseContext context, CancellationToken ct)
    {
        var node = join.Node;
        var peerUrl = EtcdService.PeerUrl(node).GetLeftPart(UriPartial.Authority);
        using (var etcd = join.ClusterEtcd())
            if ((await etcd.ListMembersAsync(ct)).FirstOrDefault(m => m.PeerUrls.Contains(peerUrl)) is { } self)
            {
                await etcd.RemoveMemberAsync(self.Id, ct);
                context.Log($"removed etcd member {self.Id:x} ({peerUrl})");
            }
        if (Directory.Exists(join.Layout.EtcdData)) Directory.Delete(join.Layout.EtcdData, recursive: true);
        Directory.CreateDirectory(join.Layout.EtcdData);
        if (NodeAgentConfig.TryLoad(node.StateDir) is { } record)
            await (record with { Node = record.Node with { EtcdInitialCluster = null } }).SaveAsync();
    }
}

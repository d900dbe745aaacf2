using Gravity.Cluster.Certificates;
using Gravity.Cluster.Etcd;
using Gravity.Cluster.Plans;
using Gravity.Core;

namespace Gravity.Cluster.Operations.Shrink.Executors;

/// <summary>
/// /etcd: removes the target's etcd member through another member (a member that removes itself may stop before it
/// answers). Idempotent: a member that is gone already is fine. Refused when it is the last voting member.
/// </summary>
public sealed class EtcdMemberRemoveExecutor(ShrinkPhaseContext shrink) : IPhaseExecutor
{
    public async Task ExecuteAsync(PhaseContext context, CancellationToken ct)
    {
        var target = shrink.Config.Target;
        var initiator = shrink.Initiator();
        using var local = shrink.LocalEtcd();
        var members = await local.ListMembersAsync(ct);
        var member = members.FirstOrDefault(m => m.Name == target.Name || m.PeerUrls.Any(u => new Uri(u).Host == target.AdvertiseAddr));
        if (member is null)
        {
            context.Log($"node {target.Name} has no etcd member (removed already)");
            return;
        }
        var other = members.FirstOrDefault(m => m.Id != member.Id && !m.IsLearner && m.ClientUrls.Count > 0)
            ?? throw new GravityException($"the etcd member of {target.Name} is the cluster's last voting member: it cannot be removed");
        using var etcd = shrink.Config.Leaving
            ? shrink.EtcdFactory(EtcdClientOptions.Tls(new Uri(other.ClientUrls[0]), new ClusterPki(initiator.StateDir).NodeTls))
            : null;
        await (etcd ?? local).RemoveMemberAsync(member.Id, ct);
        context.Log($"removed etcd member {member.Id:x} of {target.Name}");
    }

    // A removed member cannot come back with its data: the node joins again instead.
    public Task RollbackAsync(PhaseContext context, CancellationToken ct) => Task.CompletedTask;
}

using Gravity.Cluster.Etcd;
using Gravity.Cluster.Operations.Hooks;
using Gravity.Cluster.Operations.NodePhases;
using Gravity.Cluster.Plans;
using Gravity.Cluster.Runtime.Services;
using Gravity.Core;

namespace Gravity.Cluster.Operations.Expand.Executors;

/// <summary>
/// /wait of a join: on a master, promotes its etcd learner once it has caught up with the leader (etcd refuses
/// before that, so the promotion is retried until <paramref name="timeout"/>); then waits until every runtime service
/// of the node answers its probe; then, on a node with Kubernetes, its Node gets the profile's labels its kubelet may
/// not set (<see cref="KubernetesNodeLabels"/>).
/// </summary>
public sealed class JoinWaitExecutor(ExpandPhaseContext join, TimeSpan timeout, TimeProvider time) : IPhaseExecutor
{
    public async Task ExecuteAsync(PhaseContext context, CancellationToken ct)
    {
        var deadline = time.GetUtcNow() + timeout;
        if (join.Node.Master) await PromoteAsync(context, deadline, ct);
        var left = deadline - time.GetUtcNow();
        await join.Runtime.WaitHealthyAsync(join.Node, left > TimeSpan.FromSeconds(30) ? left : TimeSpan.FromSeconds(30), ct);
        using var kubernetes = NodeKubernetes.TryConnect(join.Layout);
        if (kubernetes is not null) await KubernetesNodeLabels.ApplyAsync(kubernetes, join.Node, time, context.Log, ct);
    }

    private async Task PromoteAsync(PhaseContext context, DateTimeOffset deadline, CancellationToken ct)
    {
        var peerUrl = EtcdService.PeerUrl(join.Node).GetLeftPart(UriPartial.Authority);
        using var etcd = join.ClusterEtcd();
        var attempts = 0;
        while (true)
        {
            var self = (await etcd.ListMembersAsync(ct)).FirstOrDefault(m => m.PeerUrls.Contains(peerUrl))
                ?? throw new GravityException($"this node's etcd member ({peerUrl}) is not in the cluster: roll back /etcd and run it again");
            if (!self.IsLearner) break;
            try
            {
                await etcd.PromoteMemberAsync(self.Id, ct);
                context.Log($"etcd member {join.Node.NodeName} promoted to a voting member");
                break;
            }
            catch (EtcdException ex) when (time.GetUtcNow() < deadline)
            {
                // "can only promote a learner member which is in sync with leader": the learner is still catching up.
                if (++attempts % 10 == 1) context.Log($"waiting for the etcd learner to catch up: {ex.Message}");
                await Task.Delay(TimeSpan.FromMilliseconds(500), time, ct);
            }
        }
    }

    public Task RollbackAsync(PhaseContext context, CancellationToken ct) => Task.CompletedTask;
}

using Gravity.Cluster.Plans;
using Gravity.Cluster.State;

namespace Gravity.Cluster.Operations;

/// <summary>
/// What `gravity plan` shows: this node's operation while it is in progress; otherwise the cluster's operation in
/// progress on another node (a join, a removal), as its journal in etcd has it; otherwise this node's last operation.
/// </summary>
public static class CurrentPlanView
{
    public static async Task<PlanView> ReadAsync(string stateDir, INodeRuntime runtime, CancellationToken ct)
    {
        var session = await OperationSession.OpenCurrentAsync(stateDir, runtime, ct: ct);
        if (session.Operation.State == OperationState.InProgress) return await session.ViewAsync(ct);
        var node = Runtime.NodeAgentConfig.TryLoad(stateDir)?.Node;
        if (node is not null)
        {
            try
            {
                using var etcd = new Etcd.EtcdGrpcClient(node.EtcdOptions() with { Timeout = TimeSpan.FromSeconds(3) });
                var running = (await ClusterOperationJournal.InProgressAsync(etcd, ct)).FirstOrDefault(o => o.Operation.Id != session.Operation.Id);
                if (running.Plan is not null) return PlanView.From(PlanStatus.Fold(running.Plan, running.Changes), running.Operation.State.ToString());
            }
            catch (Etcd.EtcdException)
            {
                // etcd does not answer: this node's own operation is what can be shown.
            }
        }
        return await session.ViewAsync(ct);
    }
}

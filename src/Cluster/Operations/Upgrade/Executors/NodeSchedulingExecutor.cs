using Gravity.Cluster.Operations.Hooks;
using Gravity.Cluster.Plans;
using Gravity.Kubernetes;
using Gravity.Kubernetes.Nodes;

namespace Gravity.Cluster.Operations.Upgrade.Executors;

/// <summary>What one scheduling step does to a node in Kubernetes, and what undoes it.</summary>
public enum SchedulingStep
{
    /// <summary>Cordon and evict its pods (<see cref="NodeDrainer"/>); rollback uncordons.</summary>
    Drain,
    /// <summary>The system taint (<see cref="NodeTaint.SystemLevel"/>): only system pods go back first; rollback removes it.</summary>
    Taint,
    /// <summary>Schedulable again; rollback cordons.</summary>
    Uncordon,
    /// <summary>The system taint removed: application pods return; rollback puts it back.</summary>
    Untaint,
    /// <summary>Unschedulable (the rollback of uncordon).</summary>
    Cordon,
}

/// <summary>
/// drain, taint, uncordon and untaint of one node, through the Kubernetes API of the initiator (its admin kubeconfig).
/// A cluster without Kubernetes (its runtime package carries none), or a node Kubernetes does not have, has nothing to
/// schedule: a logged no-op, as the shrink's drain.
/// </summary>
public sealed class NodeSchedulingExecutor(UpgradePhaseContext upgrade, SchedulingStep step, TimeProvider time) : IPhaseExecutor
{
    public static readonly TimeSpan DrainTimeout = TimeSpan.FromHours(1);

    public Task ExecuteAsync(PhaseContext context, CancellationToken ct) => RunAsync(context, step, ct);

    public Task RollbackAsync(PhaseContext context, CancellationToken ct) => RunAsync(context, step switch
    {
        SchedulingStep.Drain => SchedulingStep.Uncordon,
        SchedulingStep.Taint => SchedulingStep.Untaint,
        SchedulingStep.Uncordon => SchedulingStep.Cordon,
        SchedulingStep.Untaint => SchedulingStep.Taint,
        _ => SchedulingStep.Uncordon,
    }, ct);

    private async Task RunAsync(PhaseContext context, SchedulingStep what, CancellationToken ct)
    {
        var node = UpgradePhaseContext.TargetOf(context);
        var folder = upgrade.Initiator().Folder;
        using var api = NodeKubernetes.TryConnect(folder);
        if (api is null)
        {
            context.Log($"the cluster has no Kubernetes ({folder.AdminKubeconfig} is missing): nothing to schedule on node {node}");
            return;
        }
        var scheduling = new NodeScheduling(api);
        if (await scheduling.TryReadAsync(node, ct) is null)
        {
            context.Log($"Kubernetes has no node {node}: nothing to schedule");
            return;
        }
        switch (what)
        {
            case SchedulingStep.Drain:
                await new NodeDrainer(api, time).DrainAsync(node, DrainTimeout, context.Log, ct);
                break;
            case SchedulingStep.Taint:
                if (await scheduling.TaintAsync(node, NodeTaint.SystemLevel, ct)) context.Log($"node {node} tainted {NodeTaint.SystemLevel}");
                break;
            case SchedulingStep.Uncordon:
                if (await scheduling.UncordonAsync(node, ct)) context.Log($"node {node} uncordoned");
                break;
            case SchedulingStep.Untaint:
                if (await scheduling.UntaintAsync(node, NodeTaint.SystemLevel.Key, NodeTaint.SystemLevel.Effect, ct)) context.Log($"taint {NodeTaint.SystemLevel} removed from node {node}");
                break;
            case SchedulingStep.Cordon:
                if (await scheduling.CordonAsync(node, ct)) context.Log($"node {node} cordoned");
                break;
        }
    }
}

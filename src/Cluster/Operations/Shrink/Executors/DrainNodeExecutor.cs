using Gravity.Cluster.Operations.Hooks;
using Gravity.Cluster.Plans;
using Gravity.Core;
using Gravity.Kubernetes;
using Gravity.Kubernetes.Nodes;

namespace Gravity.Cluster.Operations.Shrink.Executors;

/// <summary>
/// /drain, run on the initiator through its admin kubeconfig: cordons the leaving node and evicts its pods
/// (<see cref="NodeDrainer"/>: PodDisruptionBudgets honoured, DaemonSet and mirror pods left), so that the
/// application's pods move before the node goes. A node that cannot be drained within the timeout fails the phase
/// naming the pods still there, unless --force was given, which goes on with a warning. A node Kubernetes does not
/// have (its kubelet never registered it) has nothing to drain. Rolling back uncordons the node.
/// </summary>
public sealed class DrainNodeExecutor(ShrinkPhaseContext shrink, TimeProvider time) : IPhaseExecutor
{
    public async Task ExecuteAsync(PhaseContext context, CancellationToken ct)
    {
        var node = shrink.Config.Target.Name;
        using var api = Connect();
        if (await new NodeScheduling(api).TryReadAsync(node, ct) is null)
        {
            context.Log($"Kubernetes has no node {node}: nothing to drain");
            return;
        }
        try
        {
            await new NodeDrainer(api, time).DrainAsync(node, shrink.Config.DrainTimeout, context.Log, ct);
        }
        catch (GravityException ex) when (shrink.Config.DrainFailureIsWarning)
        {
            context.Log($"warning: {ex.Message}; removing the node all the same (--force)");
        }
    }

    public async Task RollbackAsync(PhaseContext context, CancellationToken ct)
    {
        var node = shrink.Config.Target.Name;
        using var api = Connect();
        var scheduling = new NodeScheduling(api);
        if (await scheduling.TryReadAsync(node, ct) is not null && await scheduling.UncordonAsync(node, ct))
            context.Log($"node {node} uncordoned");
    }

    private KubernetesApiConnection Connect()
    {
        var folder = shrink.Initiator().Folder;
        return NodeKubernetes.TryConnect(folder)
            ?? throw new GravityException($"node {shrink.Config.Target.Name} is to be drained in Kubernetes, but this node has no Kubernetes now ({folder.AdminKubeconfig} is missing)");
    }
}

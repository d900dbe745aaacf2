using Gravity.Cluster.Plans;

namespace Gravity.Cluster.Operations.Upgrade.Executors;

/// <summary>health, on the node itself: waits until every runtime service of the node answers its health probe (at most 5 minutes, as Gravity).</summary>
public sealed class HealthExecutor(UpgradePhaseContext upgrade, TimeSpan? timeout = null) : IPhaseExecutor
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(5);

    public async Task ExecuteAsync(PhaseContext context, CancellationToken ct)
    {
        var node = upgrade.NodeOf(context);
        await upgrade.Runtime.WaitHealthyAsync(node, timeout ?? DefaultTimeout, ct);
        context.Log($"node {node.NodeName} is healthy");
    }

    public Task RollbackAsync(PhaseContext context, CancellationToken ct) => Task.CompletedTask;
}

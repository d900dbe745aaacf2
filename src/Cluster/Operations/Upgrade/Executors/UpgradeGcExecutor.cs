using Gravity.Cluster.Plans;

namespace Gravity.Cluster.Operations.Upgrade.Executors;

/// <summary>
/// gc/&lt;node&gt;, on the node, last of the plan: removes what the upgrade kept for a rollback (the previous runtime and
/// gravity binary, the old version's folder). Nothing to roll back: what it removed was only kept for the rollbacks
/// of the phases before it, which the plan engine refuses once gc has run.
/// </summary>
public sealed class UpgradeGcExecutor(UpgradePhaseContext upgrade) : IPhaseExecutor
{
    public Task ExecuteAsync(PhaseContext context, CancellationToken ct)
        => SystemUpgradeExecutor.For(upgrade, upgrade.NodeOf(context)).CollectAsync(context.Log, ct);

    public Task RollbackAsync(PhaseContext context, CancellationToken ct)
    {
        context.Log("gc removed what the upgrade kept for a rollback: nothing to put back");
        return Task.CompletedTask;
    }
}

using Gravity.Cluster.Plans;

namespace Gravity.Cluster.Operations.Upgrade.Executors;

/// <summary>
/// endpoints: Gravity waits here for the cluster's DNS and service endpoints to come back on the node. This runtime
/// runs no cluster DNS or in-cluster services of its own, so there is nothing to wait for yet.
/// </summary>
public sealed class EndpointsExecutor : IPhaseExecutor
{
    public Task ExecuteAsync(PhaseContext context, CancellationToken ct)
    {
        context.Log($"no cluster endpoints to wait for on node {UpgradePhaseContext.TargetOf(context)} (the runtime runs no cluster DNS)");
        return Task.CompletedTask;
    }

    public Task RollbackAsync(PhaseContext context, CancellationToken ct) => Task.CompletedTask;
}

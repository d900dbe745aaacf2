using Gravity.Cluster.Plans;

namespace Gravity.Cluster.Operations.Install.Executors;

/// <summary>/wait: until every runtime service answers its health probe.</summary>
public sealed class WaitExecutor(InstallPhaseContext install, TimeSpan timeout) : IPhaseExecutor
{
    public Task ExecuteAsync(PhaseContext context, CancellationToken ct) => install.Runtime.WaitHealthyAsync(install.Config.Node, timeout, ct);

    public Task RollbackAsync(PhaseContext context, CancellationToken ct) => Task.CompletedTask;
}

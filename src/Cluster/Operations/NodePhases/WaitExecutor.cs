using Gravity.Cluster.Nodes;
using Gravity.Cluster.Plans;

namespace Gravity.Cluster.Operations.NodePhases;

/// <summary>/wait: until every runtime service answers its health probe.</summary>
public sealed class WaitExecutor(NodeSettings node, INodeRuntime runtime, TimeSpan timeout) : IPhaseExecutor
{
    public Task ExecuteAsync(PhaseContext context, CancellationToken ct) => runtime.WaitHealthyAsync(node, timeout, ct);

    public Task RollbackAsync(PhaseContext context, CancellationToken ct) => Task.CompletedTask;
}

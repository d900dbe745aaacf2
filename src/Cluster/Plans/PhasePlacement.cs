namespace Gravity.Cluster.Plans;

/// <summary>
/// Where the engine runs a leaf phase: here when it names this node (or no node), otherwise on its node through that
/// node's agent (<see cref="IRemotePhaseRunner"/>). Without a way to reach the node, the phase fails saying how to go on.
/// </summary>
public sealed class PhasePlacement(string? localNode, IRemotePhaseRunner? remote)
{
    /// <summary>Every phase runs here (a single-node operation, or a caller that runs one node's phases itself).</summary>
    public static readonly PhasePlacement Local = new(null, null);

    public bool IsLocal(Phase phase) => localNode is null || phase.Node is null || string.Equals(phase.Node, localNode, StringComparison.Ordinal);

    public IPhaseExecutor ExecutorFor(Phase phase, PhaseExecutorRegistry local)
        => IsLocal(phase) ? local.Get(phase) : new RemoteExecutor(phase.Node!, remote);

    /// <summary>What the operator does when the phase's node cannot be reached from here.</summary>
    public static string HowToGoOn(Phase phase, string reason)
        => $"phase {phase.Id} runs on node {phase.Node}, and {reason}; run `gravity plan execute --phase {phase.Id}` on node {phase.Node}, " +
           $"or roll it back with `gravity plan rollback --phase {phase.Id}`";

    private sealed class RemoteExecutor(string node, IRemotePhaseRunner? remote) : IPhaseExecutor
    {
        public Task ExecuteAsync(PhaseContext context, CancellationToken ct) => RunAsync(context, r => r.ExecuteAsync(node, context, ct));

        public Task RollbackAsync(PhaseContext context, CancellationToken ct) => RunAsync(context, r => r.RollbackAsync(node, context, ct));

        private async Task RunAsync(PhaseContext context, Func<IRemotePhaseRunner, Task> run)
        {
            if (remote is null)
                throw new Core.GravityException(HowToGoOn(context.Phase, "this gravity has no agent connection to other nodes"));
            try
            {
                await run(remote);
            }
            catch (NodeUnreachableException ex)
            {
                throw new Core.GravityException(HowToGoOn(context.Phase, $"its agent cannot be reached ({ex.Reason})"), ex);
            }
        }
    }
}

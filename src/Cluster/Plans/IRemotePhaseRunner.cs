namespace Gravity.Cluster.Plans;

/// <summary>
/// Runs a phase on another node of the cluster, through that node's agent, reporting the phase's messages as they
/// come. The engine records the phase's state itself; the remote side only executes (or rolls back) the phase.
/// </summary>
public interface IRemotePhaseRunner
{
    /// <exception cref="NodeUnreachableException">no agent of <paramref name="node"/> answers.</exception>
    Task ExecuteAsync(string node, PhaseContext context, CancellationToken ct);

    /// <exception cref="NodeUnreachableException">no agent of <paramref name="node"/> answers.</exception>
    Task RollbackAsync(string node, PhaseContext context, CancellationToken ct);
}

/// <summary>The agent of the node a phase runs on could not be reached (the phase did not run there).</summary>
public sealed class NodeUnreachableException(string node, string reason, Exception? inner = null)
    : Core.GravityException($"the agent of node {node} cannot be reached: {reason}", inner ?? new Exception(reason))
{
    public string Node { get; } = node;
    public string Reason { get; } = reason;
}

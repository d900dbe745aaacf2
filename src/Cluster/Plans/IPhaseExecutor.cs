namespace Gravity.Cluster.Plans;

/// <summary>
/// Carries out one kind of leaf phase. Both methods must be idempotent: after a crash the engine runs a phase again
/// from the start, whatever part of it had already been done.
/// </summary>
public interface IPhaseExecutor
{
    Task ExecuteAsync(PhaseContext context, CancellationToken ct);
    Task RollbackAsync(PhaseContext context, CancellationToken ct);
}

/// <summary>What an executor gets: the phase, the whole plan, and a way to tell the operator what it is doing.</summary>
public sealed record PhaseContext(OperationPlan Plan, Phase Phase, Action<string> Log)
{
    public string Data(string key) => Phase.Data.TryGetValue(key, out var v)
        ? v
        : throw new Core.GravityException($"phase {Phase.Id} has no parameter \"{key}\" (plan of operation {Plan.OperationId})");
}

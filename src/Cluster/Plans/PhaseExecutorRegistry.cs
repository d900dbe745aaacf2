namespace Gravity.Cluster.Plans;

/// <summary>Executors by the names plans refer to them with.</summary>
public sealed class PhaseExecutorRegistry
{
    private readonly Dictionary<string, IPhaseExecutor> _executors = new(StringComparer.Ordinal);

    public PhaseExecutorRegistry Register(string name, IPhaseExecutor executor)
    {
        _executors[name] = executor;
        return this;
    }

    public IPhaseExecutor Get(Phase phase)
    {
        if (phase.Executor is null)
            throw new Core.GravityException($"phase {phase.Id} has neither sub-phases nor an executor");
        return _executors.TryGetValue(phase.Executor, out var e)
            ? e
            : throw new Core.GravityException($"phase {phase.Id}: no executor named \"{phase.Executor}\" is known to this gravity binary");
    }
}

namespace Gravity.Cluster.Plans;

/// <summary>Reported by the engine as phases start, finish, fail or roll back.</summary>
public sealed record PhaseEvent(Phase Phase, PhaseState State, string? Error = null, string? Message = null);

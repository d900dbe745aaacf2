namespace Gravity.Cluster.Plans;

/// <summary>One row of `gravity plan display`, and the shape of its json/yaml output.</summary>
public sealed record PhaseView(
    string Phase, string Description, string State, string? Node, IReadOnlyList<string> Requires, DateTimeOffset? Updated,
    string? Error, IReadOnlyList<PhaseView> Phases);

/// <summary>What `gravity plan display` shows of an operation.</summary>
public sealed record PlanView(string OperationId, string OperationType, string OperationState, string ClusterName,
    DateTimeOffset Created, IReadOnlyList<PhaseView> Phases, string? GravityVersion = null)
{
    public static PlanView From(PlanStatus status, string operationState)
    {
        var plan = status.Plan;
        return new PlanView(plan.OperationId, plan.OperationType, operationState, plan.ClusterName, plan.Created,
            plan.Phases.Select(p => ViewOf(p, status)).ToList(), plan.GravityVersion);
    }

    private static PhaseView ViewOf(Phase phase, PlanStatus status)
    {
        var s = status[phase.Id];
        return new PhaseView(phase.Id, phase.Description, s.State.Display(), phase.Node, phase.Requires, s.Updated, s.Error,
            phase.Phases.Select(c => ViewOf(c, status)).ToList());
    }
}

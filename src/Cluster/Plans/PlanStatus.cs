namespace Gravity.Cluster.Plans;

/// <summary>The derived state of one phase.</summary>
public sealed record PhaseStatus(PhaseState State, string? Error, DateTimeOffset? Updated)
{
    public static readonly PhaseStatus Unstarted = new(PhaseState.Unstarted, null, null);
}

/// <summary>
/// The current state of every phase, derived by folding the change log over the immutable plan: a leaf takes its
/// latest change; a group follows its children.
/// </summary>
public sealed class PlanStatus
{
    private readonly Dictionary<string, PhaseStatus> _states = new(StringComparer.Ordinal);

    private PlanStatus(OperationPlan plan) => Plan = plan;

    public OperationPlan Plan { get; }

    public static PlanStatus Fold(OperationPlan plan, IEnumerable<PhaseChange> changes)
    {
        var latest = new Dictionary<string, PhaseChange>(StringComparer.Ordinal);
        foreach (var change in changes) latest[change.PhaseId] = change;
        var status = new PlanStatus(plan);
        foreach (var phase in plan.Phases) status.Resolve(phase, latest);
        return status;
    }

    public PhaseStatus this[string phaseId] =>
        _states.TryGetValue(OperationPlan.Normalize(phaseId), out var s) ? s : throw new KeyNotFoundException(phaseId);

    public PhaseState StateOf(string phaseId) => this[phaseId].State;

    /// <summary>True when every phase of the plan has completed.</summary>
    public bool IsCompleted => Plan.Phases.All(p => StateOf(p.Id) == PhaseState.Completed);

    /// <summary>The failed leaves, in plan order.</summary>
    public IEnumerable<(Phase Phase, PhaseStatus Status)> Failed =>
        Plan.Leaves().Where(p => StateOf(p.Id) == PhaseState.Failed).Select(p => (p, this[p.Id]));

    private PhaseStatus Resolve(Phase phase, Dictionary<string, PhaseChange> latest)
    {
        PhaseStatus status;
        if (!phase.IsGroup)
        {
            status = latest.TryGetValue(phase.Id, out var c) ? new PhaseStatus(c.State, c.Error, c.Timestamp) : PhaseStatus.Unstarted;
        }
        else
        {
            var children = phase.Phases.Select(child => Resolve(child, latest)).ToList();
            var updated = children.Max(c => c.Updated);
            status = new PhaseStatus(Combine(children.Select(c => c.State).ToList()), null, updated);
        }
        _states[phase.Id] = status;
        return status;
    }

    /// <summary>A group's state from its children's: a failure or a running child shows; otherwise all alike, or partly done.</summary>
    internal static PhaseState Combine(IReadOnlyList<PhaseState> children)
    {
        if (children.Contains(PhaseState.Failed)) return PhaseState.Failed;
        if (children.Contains(PhaseState.InProgress)) return PhaseState.InProgress;
        if (children.All(s => s == PhaseState.Completed)) return PhaseState.Completed;
        if (children.All(s => s == PhaseState.Unstarted)) return PhaseState.Unstarted;
        if (children.All(s => s is PhaseState.Unstarted or PhaseState.RolledBack)) return PhaseState.RolledBack;
        return PhaseState.InProgress;
    }
}

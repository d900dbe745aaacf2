namespace Gravity.Cluster.Plans;

/// <summary>The state of one phase of an operation plan.</summary>
public enum PhaseState
{
    Unstarted,
    InProgress,
    Completed,
    Failed,
    RolledBack,
}

public static class PhaseStateText
{
    /// <summary>The words the plan display shows ("In Progress", "Rolled Back").</summary>
    public static string Display(this PhaseState state) => state switch
    {
        PhaseState.InProgress => "In Progress",
        PhaseState.RolledBack => "Rolled Back",
        _ => state.ToString(),
    };
}

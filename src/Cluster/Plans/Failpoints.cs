namespace Gravity.Cluster.Plans;

/// <summary>
/// Fault injection for crash tests, in the manner of etcd's gofail: with GRAVITY_FAILPOINT_PAUSE_IN_PHASE=/export the
/// process holds that phase In Progress (for at most two minutes) so that a test can kill it exactly there, however
/// fast the phase itself would be; with <see cref="FailAfterPhaseVariable"/> a phase fails after doing its work. Without
/// the variables nothing happens.
/// </summary>
public static class Failpoints
{
    public const string PauseInPhaseVariable = "GRAVITY_FAILPOINT_PAUSE_IN_PHASE";

    /// <summary>With GRAVITY_FAILPOINT_FAIL_AFTER_PHASE=/masters/node-1/system-upgrade that phase does its work, then fails: what a rollback must undo.</summary>
    public const string FailAfterPhaseVariable = "GRAVITY_FAILPOINT_FAIL_AFTER_PHASE";

    public static void FailIfArmed(string phaseId)
    {
        if (Environment.GetEnvironmentVariable(FailAfterPhaseVariable) == phaseId)
            throw new Core.GravityException($"failpoint {FailAfterPhaseVariable}={phaseId}: the phase did its work and is made to fail");
    }

    public static Task PauseIfArmedAsync(string phaseId, CancellationToken ct)
        => Environment.GetEnvironmentVariable(PauseInPhaseVariable) == phaseId
            ? Task.Delay(TimeSpan.FromMinutes(2), ct)
            : Task.CompletedTask;
}

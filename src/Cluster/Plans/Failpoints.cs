namespace Gravity.Cluster.Plans;

/// <summary>
/// Fault injection for crash tests, in the manner of etcd's gofail: with GRAVITY_FAILPOINT_PAUSE_IN_PHASE=/export the
/// process holds that phase In Progress (for at most two minutes) so that a test can kill it exactly there, however
/// fast the phase itself would be. Without the variable nothing happens.
/// </summary>
public static class Failpoints
{
    public const string PauseInPhaseVariable = "GRAVITY_FAILPOINT_PAUSE_IN_PHASE";

    public static Task PauseIfArmedAsync(string phaseId, CancellationToken ct)
        => Environment.GetEnvironmentVariable(PauseInPhaseVariable) == phaseId
            ? Task.Delay(TimeSpan.FromMinutes(2), ct)
            : Task.CompletedTask;
}

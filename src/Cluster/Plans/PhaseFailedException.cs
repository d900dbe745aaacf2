namespace Gravity.Cluster.Plans;

/// <summary>A phase's executor failed; the failure has been recorded in the plan's log.</summary>
public sealed class PhaseFailedException(string phaseId, string error, Exception? inner = null)
    : Core.GravityException($"phase {phaseId} failed: {error}", inner ?? new Exception(error))
{
    public string PhaseId { get; } = phaseId;
    public string Error { get; } = error;
}

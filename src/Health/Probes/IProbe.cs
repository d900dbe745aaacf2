namespace Gravity.Health.Probes;

/// <summary>A health check of one component of the node; <see cref="Name"/> is the "checker" in reports and history.</summary>
public interface IProbe
{
    string Name { get; }
    Task<ProbeOutcome> CheckAsync(CancellationToken ct);
}

public enum ProbeSeverity { Ok, Warning, Critical }

/// <summary>The result of one probe run. A warning keeps the probe "running" but carries a message for the operator.</summary>
public sealed record ProbeOutcome(ProbeSeverity Severity, string? Error = null)
{
    public static readonly ProbeOutcome Ok = new(ProbeSeverity.Ok);
    public static ProbeOutcome Failed(string error) => new(ProbeSeverity.Critical, error);
    public static ProbeOutcome Warning(string message) => new(ProbeSeverity.Warning, message);
    public bool Passed => Severity != ProbeSeverity.Critical;
}

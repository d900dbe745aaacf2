namespace Gravity.Cluster.Plans;

/// <summary>One entry of a plan's append-only change log.</summary>
public sealed record PhaseChange(string PhaseId, PhaseState State, string? Error, DateTimeOffset Timestamp);

/// <summary>Where a plan's change log is kept (node-local SQLite in production).</summary>
public interface IPlanLog
{
    Task AppendAsync(PhaseChange change, CancellationToken ct = default);
    Task<IReadOnlyList<PhaseChange>> ReadAsync(CancellationToken ct = default);
}

namespace Gravity.Cluster.Plans;

/// <summary>How an operation ended: every phase completed, or marked failed (by `plan complete` with unfinished phases).</summary>
public enum OperationOutcome
{
    Completed,
    Failed,
}

/// <summary>The operation's record as the engine sees it: its change log plus where its final outcome goes.</summary>
public interface IOperationJournal : IPlanLog
{
    Task SetOutcomeAsync(OperationOutcome outcome, string? error, CancellationToken ct = default);
}

using Gravity.Core;

namespace Gravity.Cluster.Plans;

/// <summary>
/// Runs and rolls back the phases of an operation plan, recording every state change in the operation's journal.
/// Rules: a phase runs only when everything it and each of its ancestors requires has completed; a group runs its
/// children in order (or together when parallel); a completed phase runs again only when forced; rollback goes in
/// reverse order; a leaf runs on the node it names (<see cref="PhasePlacement"/>). Callers serialize engines of one operation (see <c>OperationLock</c>); parallel children of one group
/// are the only concurrency inside an engine.
/// </summary>
public sealed class PlanEngine
{
    private readonly IOperationJournal _journal;
    private readonly PhaseExecutorRegistry _executors;
    private readonly PhasePlacement _placement;
    private readonly IProgress<PhaseEvent>? _progress;
    private readonly TimeProvider _clock;
    private readonly List<PhaseChange> _changes = [];
    private readonly Lock _gate = new();

    public PlanEngine(OperationPlan plan, IOperationJournal journal, PhaseExecutorRegistry executors,
        IProgress<PhaseEvent>? progress = null, TimeProvider? clock = null, PhasePlacement? placement = null)
    {
        Plan = plan;
        _journal = journal;
        _executors = executors;
        _placement = placement ?? PhasePlacement.Local;
        _progress = progress;
        _clock = clock ?? TimeProvider.System;
    }

    public OperationPlan Plan { get; }

    public async Task<PlanStatus> GetStatusAsync(CancellationToken ct = default)
    {
        await ReloadAsync(ct);
        return CurrentStatus();
    }

    /// <summary>Runs one phase (a group: each of its children not yet completed). Throws when a requirement is unmet or the phase is done and not forced.</summary>
    public async Task ExecuteAsync(string phaseId, bool force = false, CancellationToken ct = default)
    {
        await ReloadAsync(ct);
        var phase = Plan.Get(phaseId);
        var status = CurrentStatus();
        EnsureRequirementsMet(phase, status);
        if (status.StateOf(phase.Id) == PhaseState.Completed && !force)
            throw new GravityException($"phase {phase.Id} is already completed; add --force to execute it again");
        await RunAsync(phase, force, ct);
    }

    /// <summary>Runs every phase not yet completed, in plan order, including one left in progress by a crash; completes the operation on success.</summary>
    public async Task<PlanStatus> ResumeAsync(CancellationToken ct = default)
    {
        await ReloadAsync(ct);
        foreach (var phase in Plan.Phases)
        {
            if (CurrentStatus().StateOf(phase.Id) == PhaseState.Completed) continue;
            EnsureRequirementsMet(phase, CurrentStatus());
            await RunAsync(phase, force: false, ct);
        }
        var final = CurrentStatus();
        if (final.IsCompleted) await _journal.SetOutcomeAsync(OperationOutcome.Completed, null, ct);
        return final;
    }

    /// <summary>Rolls back a phase (a group: its started children, last first). Phases after it must be rolled back first.</summary>
    public async Task RollbackAsync(string phaseId, CancellationToken ct = default)
    {
        await ReloadAsync(ct);
        var phase = Plan.Get(phaseId);
        var status = CurrentStatus();
        switch (status.StateOf(phase.Id))
        {
            case PhaseState.Unstarted: throw new GravityException($"phase {phase.Id} hasn't been executed yet: nothing to roll back");
            case PhaseState.RolledBack: throw new GravityException($"phase {phase.Id} has already been rolled back");
        }
        var inside = Flatten(phase).Select(p => p.Id).ToHashSet(StringComparer.Ordinal);
        var leaves = Plan.Leaves().ToList();
        var lastIndex = leaves.FindLastIndex(l => inside.Contains(l.Id));
        var later = leaves.Skip(lastIndex + 1)
            .FirstOrDefault(l => status.StateOf(l.Id) is not (PhaseState.Unstarted or PhaseState.RolledBack));
        if (later is not null)
            throw new GravityException($"roll back phase {later.Id} ({status.StateOf(later.Id).Display()}) before {phase.Id}: phases are rolled back in reverse order");
        await RollbackTreeAsync(phase, ct);
    }

    /// <summary>Ends the operation: completed when every phase is, failed otherwise (e.g. after rolling everything back).</summary>
    public async Task<OperationOutcome> CompleteAsync(CancellationToken ct = default)
    {
        await ReloadAsync(ct);
        var status = CurrentStatus();
        if (status.IsCompleted)
        {
            await _journal.SetOutcomeAsync(OperationOutcome.Completed, null, ct);
            return OperationOutcome.Completed;
        }
        var failed = status.Failed.Select(f => $"{f.Phase.Id}: {f.Status.Error}").ToList();
        var unfinished = Plan.Leaves().Where(l => status.StateOf(l.Id) != PhaseState.Completed).Select(l => l.Id).ToList();
        var error = failed.Count > 0
            ? "failed phases: " + string.Join("; ", failed)
            : "completed manually with unfinished phases: " + string.Join(", ", unfinished);
        await _journal.SetOutcomeAsync(OperationOutcome.Failed, error, ct);
        return OperationOutcome.Failed;
    }

    /// <summary>Ends the operation as failed for <paramref name="reason"/>, whatever its phases' states (`gravity rollback` after rolling every phase back).</summary>
    public Task AbandonAsync(string reason, CancellationToken ct = default) => _journal.SetOutcomeAsync(OperationOutcome.Failed, reason, ct);

    private void EnsureRequirementsMet(Phase phase, PlanStatus status)
    {
        foreach (var owner in Plan.AncestorsOf(phase.Id).Append(phase))
        foreach (var required in owner.Requires)
        {
            var requiredPhase = Plan.Find(required)
                ?? throw new GravityException($"phase {owner.Id} requires {required}, which is not in the plan");
            var state = status.StateOf(requiredPhase.Id);
            if (state == PhaseState.Completed) continue;
            var via = owner == phase ? "" : $" (through its parent {owner.Id})";
            throw new GravityException(
                $"phase {phase.Id} requires phase {requiredPhase.Id}{via} to be completed first, but it is {state.Display()}; run: gravity plan execute --phase {requiredPhase.Id}");
        }
    }

    private async Task RunAsync(Phase phase, bool force, CancellationToken ct)
    {
        if (!phase.IsGroup)
        {
            await RunLeafAsync(phase, ct);
            return;
        }
        if (phase.Parallel)
        {
            var pending = phase.Phases.Where(c => force || CurrentStatus().StateOf(c.Id) != PhaseState.Completed).ToList();
            foreach (var child in pending) EnsureRequirementsMet(child, CurrentStatus());
            using var slots = new SemaphoreSlim(phase.MaxParallel is { } max and > 0 ? max : Math.Max(1, pending.Count));
            var runs = pending.Select(child => Task.Run(async () =>
            {
                await slots.WaitAsync(ct);
                try { await RunAsync(child, force, ct); }
                finally { slots.Release(); }
            }, ct)).ToList();
            try
            {
                await Task.WhenAll(runs);
            }
            catch
            {
                // Report the first failure in plan order, after every sibling has finished and recorded its state.
                var first = runs.First(r => r.IsFaulted || r.IsCanceled);
                await first;
                throw;
            }
            return;
        }
        foreach (var child in phase.Phases)
        {
            if (!force && CurrentStatus().StateOf(child.Id) == PhaseState.Completed) continue;
            EnsureRequirementsMet(child, CurrentStatus());
            await RunAsync(child, force, ct);
        }
    }

    private async Task RunLeafAsync(Phase phase, CancellationToken ct)
    {
        var executor = _placement.ExecutorFor(phase, _executors);
        await RecordAsync(phase, PhaseState.InProgress, null, ct);
        try
        {
            await Failpoints.PauseIfArmedAsync(phase.Id, ct);
            await executor.ExecuteAsync(Context(phase), ct);
            Failpoints.FailIfArmed(phase.Id);
        }
        catch (Exception ex)
        {
            var error = ex is OperationCanceledException && ct.IsCancellationRequested ? "interrupted" : ex.Message;
            await RecordAsync(phase, PhaseState.Failed, error, CancellationToken.None);
            if (ex is OperationCanceledException && ct.IsCancellationRequested) throw;
            throw new PhaseFailedException(phase.Id, error, ex);
        }
        await RecordAsync(phase, PhaseState.Completed, null, CancellationToken.None);
    }

    private async Task RollbackTreeAsync(Phase phase, CancellationToken ct)
    {
        if (phase.IsGroup)
        {
            foreach (var child in phase.Phases.Reverse())
                if (CurrentStatus().StateOf(child.Id) is not (PhaseState.Unstarted or PhaseState.RolledBack))
                    await RollbackTreeAsync(child, ct);
            return;
        }
        var executor = _placement.ExecutorFor(phase, _executors);
        await RecordAsync(phase, PhaseState.InProgress, null, ct);
        try
        {
            await executor.RollbackAsync(Context(phase), ct);
        }
        catch (Exception ex)
        {
            await RecordAsync(phase, PhaseState.Failed, "rollback: " + ex.Message, CancellationToken.None);
            if (ex is OperationCanceledException && ct.IsCancellationRequested) throw;
            throw new PhaseFailedException(phase.Id, "rollback: " + ex.Message, ex);
        }
        await RecordAsync(phase, PhaseState.RolledBack, null, CancellationToken.None);
    }

    private PhaseContext Context(Phase phase) =>
        new(Plan, phase, message => _progress?.Report(new PhaseEvent(phase, PhaseState.InProgress, Message: message)));

    private async Task RecordAsync(Phase phase, PhaseState state, string? error, CancellationToken ct)
    {
        var change = new PhaseChange(phase.Id, state, error, _clock.GetUtcNow());
        await _journal.AppendAsync(change, ct);
        lock (_gate) _changes.Add(change);
        _progress?.Report(new PhaseEvent(phase, state, error));
    }

    private async Task ReloadAsync(CancellationToken ct)
    {
        var changes = await _journal.ReadAsync(ct);
        lock (_gate)
        {
            _changes.Clear();
            _changes.AddRange(changes);
        }
    }

    private PlanStatus CurrentStatus()
    {
        lock (_gate) return PlanStatus.Fold(Plan, _changes.ToList());
    }

    private static IEnumerable<Phase> Flatten(Phase phase) => new[] { phase }.Concat(phase.Phases.SelectMany(Flatten));
}

using Gravity.Cluster.Plans;

namespace Gravity.Cluster.Tests.Plans;

/// <summary>A phase executor for engine tests: records what ran, can fail on demand, can wait for a sibling to prove parallelism.</summary>
internal sealed class RecordingExecutor : IPhaseExecutor
{
    private readonly Lock _gate = new();

    public List<string> Executed { get; } = [];
    public List<string> RolledBack { get; } = [];
    public HashSet<string> FailOn { get; } = [];
    /// <summary>Phases that wait until all of these have started (only possible when they run at the same time).</summary>
    public Dictionary<string, TaskCompletionSource> Barrier { get; } = [];

    public async Task ExecuteAsync(PhaseContext context, CancellationToken ct)
    {
        lock (_gate) Executed.Add(context.Phase.Id);
        if (Barrier.TryGetValue(context.Phase.Id, out var mine))
        {
            mine.TrySetResult();
            await Task.WhenAll(Barrier.Values.Select(b => b.Task)).WaitAsync(TimeSpan.FromSeconds(10), ct);
        }
        if (FailOn.Contains(context.Phase.Id)) throw new InvalidOperationException($"boom in {context.Phase.Name}");
    }

    public Task RollbackAsync(PhaseContext context, CancellationToken ct)
    {
        lock (_gate) RolledBack.Add(context.Phase.Id);
        return Task.CompletedTask;
    }
}

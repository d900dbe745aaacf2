using Gravity.Cluster.Plans;
using static Gravity.Cluster.Tests.Plans.PlanFixtures;

namespace Gravity.Cluster.Tests.Plans;

/// <summary>A parallel group with <see cref="Phase.MaxParallel"/> runs at most that many children at once (an upgrade's --parallel-workers).</summary>
public sealed class ParallelLimitTests
{
    [Fact]
    public async Task A_parallel_group_with_a_limit_never_runs_more_children_at_once()
    {
        var plan = new OperationPlan
        {
            OperationId = "op-limit", OperationType = "upgrade", ClusterName = "t", Created = DateTimeOffset.UnixEpoch,
            Phases = [Group("/nodes", true, [], Leaf("/nodes/a"), Leaf("/nodes/b"), Leaf("/nodes/c"), Leaf("/nodes/d"), Leaf("/nodes/e")) with { MaxParallel = 2 }],
        };
        using var h = await EngineHarness.CreateAsync(plan);
        var counting = new ConcurrencyCountingExecutor();

        await new PlanEngine(plan, h.Store.JournalFor(plan.OperationId), new PhaseExecutorRegistry().Register("test", counting)).ExecuteAsync("/nodes");

        counting.Started.Should().Be(5);
        counting.MostAtOnce.Should().Be(2, "two workers: the third child waits until one of the first two has finished");
        (await h.StateOf("/nodes")).Should().Be(PhaseState.Completed);
    }

    private sealed class ConcurrencyCountingExecutor : IPhaseExecutor
    {
        private int _running;
        private int _most;
        private int _started;

        public int MostAtOnce => _most;
        public int Started => _started;

        private readonly TaskCompletionSource _two = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public async Task ExecuteAsync(PhaseContext context, CancellationToken ct)
        {
            Interlocked.Increment(ref _started);
            var now = Interlocked.Increment(ref _running);
            lock (this) _most = Math.Max(_most, now);
            if (now >= 2) _two.TrySetResult();
            // Until two children are inside together (which the limit allows): not a matter of timing.
            await _two.Task.WaitAsync(TimeSpan.FromSeconds(20), ct);
            await Task.Yield();
            Interlocked.Decrement(ref _running);
        }

        public Task RollbackAsync(PhaseContext context, CancellationToken ct) => Task.CompletedTask;
    }
}

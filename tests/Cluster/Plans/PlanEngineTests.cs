using Gravity.Cluster.Plans;
using Gravity.Cluster.State;
using Gravity.Core;
using static Gravity.Cluster.Tests.Plans.PlanFixtures;

namespace Gravity.Cluster.Tests.Plans;

public sealed class PlanEngineTests
{
    [Fact]
    public async Task Phase_with_unmet_requirement_is_refused_naming_the_missing_phase()
    {
        using var h = await EngineHarness.CreateAsync(UpgradeLike());

        var act = () => h.Engine().ExecuteAsync("/checks");

        (await act.Should().ThrowAsync<GravityException>()).Which.Message.Should().Contain("/checks requires phase /init").And.Contain("Unstarted");
        h.Executor.Executed.Should().BeEmpty();
    }

    [Fact]
    public async Task Requirements_of_ancestors_apply_to_a_nested_phase()
    {
        using var h = await EngineHarness.CreateAsync(UpgradeLike());
        await h.Engine().ExecuteAsync("/init");

        var act = () => h.Engine().ExecuteAsync("/masters/node-1/drain");

        (await act.Should().ThrowAsync<GravityException>()).Which.Message
            .Should().Contain("requires phase /checks").And.Contain("through its parent /masters");
        h.Executor.Executed.Should().Equal("/init");
    }

    [Fact]
    public async Task Group_runs_children_in_order_and_its_state_follows_them()
    {
        using var h = await EngineHarness.CreateAsync(UpgradeLike());
        await h.Engine().ExecuteAsync("/init");
        await h.Engine().ExecuteAsync("/checks");

        (await h.StateOf("/masters")).Should().Be(PhaseState.Unstarted);
        await h.Engine().ExecuteAsync("/masters/node-1/drain");
        (await h.StateOf("/masters")).Should().Be(PhaseState.InProgress, "one of two children is done");

        await h.Engine().ExecuteAsync("/masters");

        h.Executor.Executed.Should().Equal("/init", "/checks", "/masters/node-1/drain", "/masters/node-1/upgrade");
        (await h.StateOf("/masters")).Should().Be(PhaseState.Completed);
        (await h.StateOf("/masters/node-1")).Should().Be(PhaseState.Completed);
    }

    [Fact]
    public async Task Completed_phase_runs_again_only_with_force()
    {
        using var h = await EngineHarness.CreateAsync(UpgradeLike());
        await h.Engine().ExecuteAsync("/init");

        var again = () => h.Engine().ExecuteAsync("/init");
        (await again.Should().ThrowAsync<GravityException>()).Which.Message.Should().Contain("already completed").And.Contain("--force");

        await h.Engine().ExecuteAsync("/init", force: true);
        h.Executor.Executed.Should().Equal("/init", "/init");
    }

    [Fact]
    public async Task Failure_is_recorded_with_its_error_and_fails_the_parents()
    {
        using var h = await EngineHarness.CreateAsync(UpgradeLike());
        h.Executor.FailOn.Add("/masters/node-1/upgrade");
        await h.Engine().ExecuteAsync("/init");
        await h.Engine().ExecuteAsync("/checks");

        var act = () => h.Engine().ExecuteAsync("/masters");

        (await act.Should().ThrowAsync<PhaseFailedException>()).Which.PhaseId.Should().Be("/masters/node-1/upgrade");
        var status = await h.Engine().GetStatusAsync();
        status["/masters/node-1/upgrade"].Error.Should().Be("boom in upgrade");
        status.StateOf("/masters").Should().Be(PhaseState.Failed);
        status.StateOf("/masters/node-1/drain").Should().Be(PhaseState.Completed);
    }

    [Fact]
    public async Task Parallel_group_runs_its_children_at_the_same_time()
    {
        var plan = new OperationPlan
        {
            OperationId = "op-p", OperationType = "install", ClusterName = "t", Created = DateTimeOffset.UnixEpoch,
            Phases = [Group("/nodes", true, [], Leaf("/nodes/a"), Leaf("/nodes/b"), Leaf("/nodes/c"))],
        };
        using var h = await EngineHarness.CreateAsync(plan);
        foreach (var id in new[] { "/nodes/a", "/nodes/b", "/nodes/c" }) h.Executor.Barrier[id] = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        // Each child waits until all three have started: this only finishes if they run concurrently.
        await h.Engine().ExecuteAsync("/nodes");

        h.Executor.Executed.Should().BeEquivalentTo("/nodes/a", "/nodes/b", "/nodes/c");
        (await h.StateOf("/nodes")).Should().Be(PhaseState.Completed);
    }

    [Fact]
    public async Task Rollback_goes_in_reverse_order()
    {
        using var h = await EngineHarness.CreateAsync(UpgradeLike());
        await h.Engine().ExecuteAsync("/init");
        await h.Engine().ExecuteAsync("/checks");
        await h.Engine().ExecuteAsync("/masters");

        var tooEarly = () => h.Engine().RollbackAsync("/masters/node-1/drain");
        (await tooEarly.Should().ThrowAsync<GravityException>()).Which.Message.Should().Contain("roll back phase /masters/node-1/upgrade");

        await h.Engine().RollbackAsync("/masters");
        h.Executor.RolledBack.Should().Equal("/masters/node-1/upgrade", "/masters/node-1/drain");
        (await h.StateOf("/masters")).Should().Be(PhaseState.RolledBack);

        await h.Engine().RollbackAsync("/checks");
        var twice = () => h.Engine().RollbackAsync("/checks");
        (await twice.Should().ThrowAsync<GravityException>()).Which.Message.Should().Contain("already been rolled back");
        var unstarted = () => h.Engine().RollbackAsync("/app");
        (await unstarted.Should().ThrowAsync<GravityException>()).Which.Message.Should().Contain("hasn't been executed");
    }

    [Fact]
    public async Task Resume_reruns_a_phase_left_in_progress_by_a_crash_and_completes_the_operation()
    {
        using var h = await EngineHarness.CreateAsync(UpgradeLike());
        await h.Engine().ExecuteAsync("/init");
        await h.Engine().ExecuteAsync("/checks");
        // What a process killed in the middle of /masters/node-1/drain leaves behind.
        await h.Store.AppendChangeAsync("op-1", new PhaseChange("/masters/node-1/drain", PhaseState.InProgress, null, DateTimeOffset.UtcNow));
        (await h.StateOf("/masters")).Should().Be(PhaseState.InProgress);

        var final = await h.Engine().ResumeAsync();

        final.IsCompleted.Should().BeTrue();
        h.Executor.Executed.Should().Equal("/init", "/checks", "/masters/node-1/drain", "/masters/node-1/upgrade", "/app/hooks");
        (await h.Store.GetAsync("op-1"))!.State.Should().Be(OperationState.Completed);
    }

    [Fact]
    public async Task Resume_after_a_failure_continues_from_the_failed_phase()
    {
        using var h = await EngineHarness.CreateAsync(UpgradeLike());
        h.Executor.FailOn.Add("/checks");
        var first = () => h.Engine().ResumeAsync();
        await first.Should().ThrowAsync<PhaseFailedException>();
        (await h.Store.GetAsync("op-1"))!.State.Should().Be(OperationState.InProgress);

        h.Executor.FailOn.Clear();
        await h.Engine().ResumeAsync();

        h.Executor.Executed.Should().Equal("/init", "/checks", "/checks", "/masters/node-1/drain", "/masters/node-1/upgrade", "/app/hooks");
    }

    [Fact]
    public async Task Complete_marks_a_partially_done_operation_failed()
    {
        using var h = await EngineHarness.CreateAsync(UpgradeLike());
        await h.Engine().ExecuteAsync("/init");
        await h.Engine().RollbackAsync("/init");

        var outcome = await h.Engine().CompleteAsync();

        outcome.Should().Be(OperationOutcome.Failed);
        var op = await h.Store.GetAsync("op-1");
        op!.State.Should().Be(OperationState.Failed);
        op.Error.Should().Contain("unfinished phases").And.Contain("/checks");
    }

    [Fact]
    public async Task Complete_of_a_fully_executed_plan_marks_it_completed()
    {
        using var h = await EngineHarness.CreateAsync(UpgradeLike());
        foreach (var id in new[] { "/init", "/checks", "/masters", "/app" }) await h.Engine().ExecuteAsync(id);

        (await h.Engine().CompleteAsync()).Should().Be(OperationOutcome.Completed);
        (await h.Store.GetAsync("op-1"))!.State.Should().Be(OperationState.Completed);
    }

    [Fact]
    public async Task Unknown_phase_is_named_with_the_list_of_phases()
    {
        using var h = await EngineHarness.CreateAsync(UpgradeLike());
        var act = () => h.Engine().ExecuteAsync("/nope");
        (await act.Should().ThrowAsync<GravityException>()).Which.Message.Should().Contain("\"/nope\"").And.Contain("/masters/node-1/drain");
    }
}

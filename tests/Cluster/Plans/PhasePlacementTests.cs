using Gravity.Cluster.Plans;
using Gravity.Core;

namespace Gravity.Cluster.Tests.Plans;

/// <summary>
/// A leaf runs on the node it names: here when that is this node, through the node's agent otherwise; a phase whose
/// node cannot be reached fails, recorded as failed, with the message that says how to go on.
/// </summary>
public sealed class PhasePlacementTests
{
    private static OperationPlan TwoNodes() => new()
    {
        OperationId = "op-2n", OperationType = "expand", ClusterName = "test", Created = DateTimeOffset.UnixEpoch,
        Phases =
        [
            new Phase { Id = "/here", Description = "on this node", Node = "node-1", Executor = "test" },
            new Phase { Id = "/there", Description = "on the joining node", Node = "node-2", Executor = "test", Requires = ["/here"] },
        ],
    };

    [Fact]
    public async Task A_phase_of_another_node_without_an_agent_channel_fails_saying_how_to_go_on()
    {
        using var h = await EngineHarness.CreateAsync(TwoNodes());

        var act = () => h.Engine(new PhasePlacement("node-1", remote: null)).ResumeAsync();

        (await act.Should().ThrowAsync<PhaseFailedException>()).Which.Message.Should()
            .Contain("phase /there runs on node node-2").And.Contain("gravity plan execute --phase /there` on node node-2")
            .And.Contain("gravity plan rollback --phase /there");
        h.Executor.Executed.Should().Equal("/here");
        (await h.StateOf("/there")).Should().Be(PhaseState.Failed);
    }

    [Fact]
    public async Task A_phase_of_another_node_runs_through_its_agent_and_its_messages_come_back()
    {
        using var h = await EngineHarness.CreateAsync(TwoNodes());
        var remote = new InProcessRemotePhaseRunner();
        var events = new List<PhaseEvent>();

        var status = await h.Engine(new PhasePlacement("node-1", remote), new SynchronousProgress(events.Add)).ResumeAsync();

        status.IsCompleted.Should().BeTrue();
        h.Executor.Executed.Should().Equal("/here");
        remote.Ran.Should().Equal(("node-2", "/there"));
        events.Should().Contain(e => e.Phase.Id == "/there" && e.Message == "ran on node-2");
        (await h.StateOf("/there")).Should().Be(PhaseState.Completed);
    }

    [Fact]
    public async Task An_unreachable_agent_fails_the_phase_with_the_reason_and_how_to_go_on()
    {
        using var h = await EngineHarness.CreateAsync(TwoNodes());
        var remote = new InProcessRemotePhaseRunner { Unreachable = "connection refused (10.0.0.2:7575)" };

        var act = () => h.Engine(new PhasePlacement("node-1", remote)).ResumeAsync();

        (await act.Should().ThrowAsync<PhaseFailedException>()).Which.Message.Should()
            .Contain("connection refused (10.0.0.2:7575)").And.Contain("on node node-2, or roll it back");
        (await h.StateOf("/there")).Should().Be(PhaseState.Failed);
    }

    [Fact]
    public async Task Rollback_of_a_phase_of_another_node_goes_through_its_agent_too()
    {
        using var h = await EngineHarness.CreateAsync(TwoNodes());
        var remote = new InProcessRemotePhaseRunner();
        var engine = h.Engine(new PhasePlacement("node-1", remote));
        await engine.ResumeAsync();

        await engine.RollbackAsync("/there");

        remote.RolledBack.Should().Equal(("node-2", "/there"));
        h.Executor.RolledBack.Should().BeEmpty();
    }

    [Fact]
    public async Task Without_a_local_node_every_phase_runs_here_as_before()
    {
        using var h = await EngineHarness.CreateAsync(TwoNodes());
        (await h.Engine().ResumeAsync()).IsCompleted.Should().BeTrue();
        h.Executor.Executed.Should().Equal("/here", "/there");
    }

    /// <summary>
    /// Stands in for the agent channel between nodes (the agent's phase endpoint is a later step): records where each
    /// phase was sent and reports one message from "that node", or fails as an unreachable agent does.
    /// </summary>
    private sealed class InProcessRemotePhaseRunner : IRemotePhaseRunner
    {
        public List<(string Node, string Phase)> Ran { get; } = [];
        public List<(string Node, string Phase)> RolledBack { get; } = [];
        public string? Unreachable { get; init; }

        public Task ExecuteAsync(string node, PhaseContext context, CancellationToken ct)
        {
            if (Unreachable is not null) throw new NodeUnreachableException(node, Unreachable);
            Ran.Add((node, context.Phase.Id));
            context.Log($"ran on {node}");
            return Task.CompletedTask;
        }

        public Task RollbackAsync(string node, PhaseContext context, CancellationToken ct)
        {
            RolledBack.Add((node, context.Phase.Id));
            return Task.CompletedTask;
        }
    }

    private sealed class SynchronousProgress(Action<PhaseEvent> report) : IProgress<PhaseEvent>
    {
        public void Report(PhaseEvent value) { lock (this) report(value); }
    }
}

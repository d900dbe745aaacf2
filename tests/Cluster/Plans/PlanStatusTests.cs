using Gravity.Cluster.Plans;
using static Gravity.Cluster.Tests.Plans.PlanFixtures;

namespace Gravity.Cluster.Tests.Plans;

public sealed class PlanStatusTests
{
    private static PhaseChange At(string id, PhaseState s, int second, string? error = null) =>
        new(id, s, error, DateTimeOffset.UnixEpoch.AddSeconds(second));

    [Fact]
    public void Latest_change_of_a_leaf_wins()
    {
        var status = PlanStatus.Fold(UpgradeLike(), [At("/init", PhaseState.InProgress, 1), At("/init", PhaseState.Failed, 2, "x"), At("/init", PhaseState.Completed, 3)]);

        status["/init"].Should().Be(new PhaseStatus(PhaseState.Completed, null, DateTimeOffset.UnixEpoch.AddSeconds(3)));
        status["/checks"].Should().Be(PhaseStatus.Unstarted);
    }

    [Theory]
    [InlineData(new[] { PhaseState.Completed, PhaseState.Completed }, PhaseState.Completed)]
    [InlineData(new[] { PhaseState.Unstarted, PhaseState.Unstarted }, PhaseState.Unstarted)]
    [InlineData(new[] { PhaseState.Completed, PhaseState.Unstarted }, PhaseState.InProgress)]
    [InlineData(new[] { PhaseState.Completed, PhaseState.Failed }, PhaseState.Failed)]
    [InlineData(new[] { PhaseState.InProgress, PhaseState.Unstarted }, PhaseState.InProgress)]
    [InlineData(new[] { PhaseState.RolledBack, PhaseState.Unstarted }, PhaseState.RolledBack)]
    [InlineData(new[] { PhaseState.RolledBack, PhaseState.RolledBack }, PhaseState.RolledBack)]
    [InlineData(new[] { PhaseState.Completed, PhaseState.RolledBack }, PhaseState.InProgress)]
    public void Group_state_follows_its_children(PhaseState[] children, PhaseState expected)
    {
        var changes = new[] { At("/masters/node-1/drain", children[0], 1), At("/masters/node-1/upgrade", children[1], 2) }
            .Where(c => c.State != PhaseState.Unstarted);

        var status = PlanStatus.Fold(UpgradeLike(), changes);

        status.StateOf("/masters/node-1").Should().Be(expected);
        status.StateOf("/masters").Should().Be(expected);
    }

    [Fact]
    public void Plan_survives_a_json_round_trip()
    {
        var plan = UpgradeLike() with { Phases = [.. UpgradeLike().Phases, new Phase { Id = "/x", Description = "d", Executor = "e", Node = "n", Data = new Dictionary<string, string> { ["k"] = "v" } }] };

        var back = PlanJson.Deserialize(PlanJson.Serialize(plan));

        PlanJson.Serialize(back).Should().Be(PlanJson.Serialize(plan));
        back.Get("/x").Data["k"].Should().Be("v");
        back.AncestorsOf("/masters/node-1/drain").Select(p => p.Id).Should().Equal("/masters", "/masters/node-1");
    }

    [Fact]
    public void Text_display_lists_columns_and_failed_errors()
    {
        var status = PlanStatus.Fold(UpgradeLike(), [At("/init", PhaseState.Completed, 1), At("/checks", PhaseState.Failed, 2, "disk too small")]);

        var text = PlanTextFormatter.Format(PlanView.From(status, "InProgress"));

        text.Should().Contain("Phase").And.Contain("Description").And.Contain("Requires").And.Contain("Updated");
        text.Should().Contain("* checks").And.Contain("/init").And.Contain("Failed");
        text.Should().Contain("\n    * drain");
        text.Should().Contain("Phase /checks failed: disk too small");
    }
}

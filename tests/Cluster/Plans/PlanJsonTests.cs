using Gravity.Cluster.Plans;
using static Gravity.Cluster.Tests.Plans.PlanFixtures;

namespace Gravity.Cluster.Tests.Plans;

/// <summary>Plans as stored: a phase's empty lists, data and false flags are left out and read back as their defaults; computed properties are not stored.</summary>
public sealed class PlanJsonTests
{
    [Fact]
    public void A_plan_round_trips_without_its_empty_fields()
    {
        var plan = UpgradeLike() with
        {
            Phases = [.. UpgradeLike().Phases, Group("/nodes", true, ["/masters"], Leaf("/nodes/a") with { Data = new Dictionary<string, string> { ["node"] = "a" } }) with { MaxParallel = 2 }],
        };

        var json = PlanJson.Serialize(plan);
        var back = PlanJson.Deserialize(json);

        back.Should().BeEquivalentTo(plan);
        json.Should().NotContain("\"requires\":[]").And.NotContain("\"phases\":[]").And.NotContain("\"data\":{}").And.NotContain("\"parallel\":false")
            .And.NotContain("isGroup").And.NotContain("\"name\"");
        json.Should().Contain("\"parallel\":true").And.Contain("\"maxParallel\":2").And.Contain("\"data\":{\"node\":\"a\"}").And.Contain("\"requires\":[\"/init\"]");
        back.Get("/app/hooks").Requires.Should().BeEmpty();
        back.Get("/app/hooks").Data.Should().BeEmpty();
    }
}

using Gravity.Health.History;

namespace Gravity.Cluster.Tests.Runtime;

public sealed class ClusterAgentTests
{
    private static readonly TimeSpan Bounded = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task The_masters_agents_elect_one_leader_and_the_other_takes_over_when_its_agent_stops_both_histories_once()
    {
        await using var cluster = await SharedEtcdAgents.StartAsync(("node-1", true), ("node-2", true));
        cluster.Start("node-1");
        var first = await WaitForAsync(async () => await cluster.LeaderAsync() is { Node: "node-1" } l ? l : null, "node-1 leads");
        cluster.Start("node-2");
        await WaitForAsync(async () => (await ElectionsAsync(cluster, "node-2")).Count == 1 ? true : (bool?)null, "node-2 records node-1's election");

        await cluster.StopAsync("node-1");
        var second = await WaitForAsync(async () => await cluster.LeaderAsync() is { Node: "node-2" } l ? l : null, "node-2 takes over");
        second.Elected.Should().BeAfter(first.Elected);

        cluster.Start("node-1");
        await WaitForAsync(async () => (await ElectionsAsync(cluster, "node-1")).Count == 2 ? true : (bool?)null, "node-1, back, records node-2's election");
        (await cluster.LeaderAsync())!.Node.Should().Be("node-2", "a returning master does not take over from a live leader");
        await cluster.StopAsync("node-1");
        await cluster.StopAsync("node-2");

        var expected = new[] { ("node-1", first.Elected), ("node-2", second.Elected) };
        (await ElectionsAsync(cluster, "node-1")).Should().Equal(expected);
        (await ElectionsAsync(cluster, "node-2")).Should().Equal(expected);
    }

    [Fact]
    public async Task A_regular_nodes_agent_never_campaigns_even_when_no_master_runs()
    {
        await using var cluster = await SharedEtcdAgents.StartAsync(("node-1", true), ("node-2", false));
        cluster.Start("node-2");
        // The election starts before the health endpoint: once node-2 serves, it had the key free to take.
        await WaitForAsync(async () => (await cluster.Test("node-2").GetHealthAsync()).Report is not null ? true : (bool?)null, "node-2 serves");
        cluster.Start("node-1");
        await WaitForAsync(async () => await cluster.LeaderAsync() is { Node: "node-1" } l ? l : null, "node-1 leads, not node-2");
    }

    private static async Task<List<(string?, DateTimeOffset)>> ElectionsAsync(SharedEtcdAgents cluster, string node)
        => (await new HistoryStore(cluster.Test(node).Dir.Path).ListAsync())
            .Where(e => e.Type == ClusterEventType.LeaderElected).Select(e => (e.Node, e.Time)).ToList();

    private static async Task<T> WaitForAsync<T>(Func<Task<T?>> probe, string what) where T : class
    {
        var deadline = DateTime.UtcNow + Bounded;
        while (DateTime.UtcNow < deadline)
        {
            if (await probe() is { } found) return found;
            await Task.Delay(100);
        }
        throw new TimeoutException($"not within {Bounded.TotalSeconds} s: {what}");
    }

    private static async Task WaitForAsync(Func<Task<bool?>> probe, string what)
    {
        var deadline = DateTime.UtcNow + Bounded;
        while (DateTime.UtcNow < deadline)
        {
            if (await probe() == true) return;
            await Task.Delay(100);
        }
        throw new TimeoutException($"not within {Bounded.TotalSeconds} s: {what}");
    }
}

using System.Net;
using Gravity.Cluster.Certificates;
using Gravity.Cluster.Operations;
using Gravity.Cluster.Runtime;
using Gravity.Cluster.Runtime.ClusterHealth;
using Gravity.Health.History;
using Gravity.Health.Monitoring;

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
        // The masters share their history: node-1's own probe events reach node-2's, and the other way round.
        await WaitForAsync(async () => await HasAsync(cluster, "node-2", ClusterEventType.ProbeSucceeded, "node-1", "etcd-healthz") ? true : null, "node-1's events in node-2's history");
        await WaitForAsync(async () => await HasAsync(cluster, "node-1", ClusterEventType.ProbeSucceeded, "node-2", "etcd-healthz") ? true : null, "node-2's events in node-1's history");

        await cluster.StopAsync("node-1");
        var second = await WaitForAsync(async () => await cluster.LeaderAsync() is { Node: "node-2" } l ? l : null, "node-2 takes over");
        second.Elected.Should().BeAfter(first.Elected);

        cluster.Start("node-1");
        await WaitForAsync(async () => (await ElectionsAsync(cluster, "node-1")).Count == 2 ? true : (bool?)null, "node-1, back, records node-2's election");
        (await cluster.LeaderAsync())!.Node.Should().Be("node-2", "a returning master does not take over from a live leader");
        await cluster.StopAsync("node-1");
        await cluster.StopAsync("node-2");

        var expected = new (string?, DateTimeOffset)[] { ("node-1", first.Elected), ("node-2", second.Elected) };
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

    [Fact]
    public async Task The_health_report_lists_every_node_and_a_stopped_peer_is_offline_and_degrades_the_cluster()
    {
        await using var cluster = await SharedEtcdAgents.StartAsync(("node-1", true), ("node-2", true));
        cluster.Start("node-1");
        cluster.Start("node-2");
        var node1 = cluster.Test("node-1");
        var healthy = await WaitForReportAsync(node1, r => r.IsRunning && r.Nodes.Count == 2, "node-1 reports both nodes running");
        healthy.Nodes.Select(n => n.Name).Should().Equal("node-1", "node-2");
        var peer = healthy.Nodes[1];
        peer.MemberStatus.Should().BeEquivalentTo(new { Name = "node-2", Addr = "127.0.0.1", Status = "alive" });
        peer.Probes.Select(p => p.Checker).Should().Contain(["etcd-healthz", "registry", "node-status", "time-drift"], "node-2's own probes, from its agent");
        healthy.Nodes[0].Probes.Should().Contain(p => p.Checker == "node-status" && p.Status == "running");
        healthy.Nodes[0].Probes.Should().Contain(p => p.Checker == "time-drift" && p.Status == "running");

        // The peers' endpoint is node to node: a client without a cluster certificate is refused.
        using (var anonymous = ClusterTrust.CreateClient(new ClusterPki(node1.Dir.Path).CaCertPath, TimeSpan.FromSeconds(5)))
        using (var refused = await anonymous.GetAsync(new Uri(node1.Config.Node.HealthUrl, PeerEndpoints.NodeHealth)))
            refused.StatusCode.Should().Be(HttpStatusCode.Unauthorized);

        await cluster.StopAsync("node-2");
        var degraded = await WaitForReportAsync(node1, r => r.Nodes.Count == 2 && r.Nodes[1].Status == PeerHealthCollector.Offline, "node-1 sees node-2 offline");
        degraded.Status.Should().Be(HealthReport.Degraded);
        degraded.Nodes[1].MemberStatus.Status.Should().Be("failed");
        degraded.Nodes[1].Probes.Should().BeEmpty();
        degraded.Nodes[0].Probes.Should().ContainSingle(p => p.Checker == "node-status")
            .Which.Should().Match<ProbeReport>(p => p.Status == "failed" && p.Error!.Contains("node-2"));
        (await node1.GetHealthAsync()).Status.Should().Be(HttpStatusCode.ServiceUnavailable);

        var history = await new HistoryStore(node1.Dir.Path).ListAsync();
        history.Should().Contain(e => e.Type == ClusterEventType.ProbeFailed && e.Checker == "node-status" && e.Node == "node-1");
        history.Last(e => e.Type is ClusterEventType.ClusterDegraded or ClusterEventType.ClusterHealthy).Type.Should().Be(ClusterEventType.ClusterDegraded);
    }

    [Fact]
    public async Task A_master_whose_clock_is_two_seconds_ahead_fails_time_drift_on_both_sides()
    {
        await using var cluster = await SharedEtcdAgents.StartAsync(("node-1", true), ("node-2", true));
        cluster.Configure("node-2", cluster.Options("node-2") with { Clock = new OffsetClock(TimeSpan.FromSeconds(2)) });
        cluster.Start("node-1");
        cluster.Start("node-2");

        var seen = await WaitForReportAsync(cluster.Test("node-1"), r => TimeDrift(r, "node-1") is { Status: "failed", Error: var e } && e!.Contains("node-2"), "node-1's time-drift fails");
        TimeDrift(seen, "node-1")!.Error.Should().Contain("node-2").And.Contain("ahead");
        seen.Nodes.Should().Contain(n => n.Name == "node-2", "node-2 is reachable: only its clock is off");
        seen.Nodes[0].Probes.Single(p => p.Checker == "node-status").Status.Should().Be("running");

        var other = await WaitForReportAsync(cluster.Test("node-2"), r => TimeDrift(r, "node-2") is { Status: "failed", Error: var e } && e!.Contains("node-1"), "node-2's time-drift fails");
        TimeDrift(other, "node-2")!.Error.Should().Contain("node-1").And.Contain("behind");
    }

    [Fact]
    public async Task A_peer_degraded_by_its_own_probe_degrades_the_cluster_report_but_this_nodes_own_health_stays_running()
    {
        await using var cluster = await SharedEtcdAgents.StartAsync(("node-1", true), ("node-2", true));
        cluster.Start("node-1");
        // node-2's supervisor waits long before restarting a dead service, so its registry stays down.
        cluster.Start("node-2", new SupervisorOptions { InitialBackoff = TimeSpan.FromMinutes(5) });
        var node1 = cluster.Test("node-1");
        await WaitForReportAsync(node1, r => r.IsRunning && r.Nodes.Count == 2, "both nodes running");

        var registry = PidFile.Read(cluster.Test("node-2").Layout.PidFile("registry"))!.Value;
        Signals.Send(registry, Signals.SigKill).Should().BeTrue();
        var report = await WaitForReportAsync(node1, r => r.Nodes.Count == 2 && r.Nodes[1].Probes.Any(p => p.Checker == "registry" && p.Status == "failed"),
            "node-1 shows node-2's failed registry");
        report.Status.Should().Be(HealthReport.Degraded);
        report.Nodes[0].Status.Should().Be(HealthReport.Running, "node-1's own probes pass: node-2 answers");

        // gravity status reads this node's own entry: node-1 is healthy, node-2's failure is not node-1's.
        var own = await new NodeRuntime().GetHealthAsync(node1.Config.Node with { NodeName = "node-1" }, default);
        own.Should().NotBeNull();
        own!.Status.Should().Be(HealthReport.Running);
        own.FailedProbes.Should().BeEmpty();
    }

    private static ProbeReport? TimeDrift(HealthReport report, string node)
        => report.Nodes.FirstOrDefault(n => n.Name == node)?.Probes.FirstOrDefault(p => p.Checker == "time-drift");

    private static async Task<HealthReport> WaitForReportAsync(AgentTestNode node, Func<HealthReport, bool> wanted, string what)
    {
        HealthReport? last = null;
        try
        {
            return await WaitForAsync(async () =>
            {
                last = (await node.GetHealthAsync()).Report;
                return last is not null && wanted(last) ? last : null;
            }, what);
        }
        catch (TimeoutException ex)
        {
            throw new TimeoutException($"{ex.Message}; last report: {last?.ToJson()}\nlogs: {node.Logs()}");
        }
    }

    /// <summary>A clock off by a fixed amount, as a node whose time is not synchronised.</summary>
    private sealed class OffsetClock(TimeSpan offset) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + offset;
    }

    private static async Task<bool> HasAsync(SharedEtcdAgents cluster, string inHistoryOf, ClusterEventType type, string node, string checker)
        => (await new HistoryStore(cluster.Test(inHistoryOf).Dir.Path).ListAsync()).Any(e => e.Type == type && e.Node == node && e.Checker == checker);

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

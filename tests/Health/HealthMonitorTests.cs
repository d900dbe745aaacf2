using Gravity.Health.History;
using Gravity.Health.Monitoring;
using Gravity.Health.Probes;
using Gravity.Testing;

namespace Gravity.Health.Tests;

public class HealthMonitorTests
{
    [Fact]
    public async Task A_failing_probe_degrades_the_node_and_the_history_records_only_transitions()
    {
        using var dir = new TempDir();
        var marker = dir.Combine("service-up");
        File.WriteAllText(marker, "");
        var store = new HistoryStore(dir.Path);
        var probe = new CommandProbe("marker", "/usr/bin/test", ["-e", marker], TimeSpan.FromSeconds(10));
        var monitor = new HealthMonitor(new NodeIdentity("node-1", "10.0.0.1"), [probe], store, startupGrace: TimeSpan.Zero);

        (await monitor.ProbeOnceAsync(default)).Status.Should().Be(HealthReport.Running);
        await monitor.ProbeOnceAsync(default);
        File.Delete(marker);
        var degraded = await monitor.ProbeOnceAsync(default);
        await monitor.ProbeOnceAsync(default);
        File.WriteAllText(marker, "");
        var recovered = await monitor.ProbeOnceAsync(default);

        degraded.Status.Should().Be(HealthReport.Degraded);
        degraded.Nodes[0].Status.Should().Be(HealthReport.Degraded);
        degraded.Nodes[0].Probes[0].Should().Match<ProbeReport>(p => p.Status == ProbeReport.Failed && p.Error!.Contains("exit 1"));
        recovered.Status.Should().Be(HealthReport.Running);

        var types = (await store.ListAsync()).Select(e => e.Type).ToList();
        types.Should().Equal(
            ClusterEventType.ProbeSucceeded, ClusterEventType.ClusterHealthy,
            ClusterEventType.ProbeFailed, ClusterEventType.NodeDegraded, ClusterEventType.ClusterDegraded,
            ClusterEventType.ProbeSucceeded, ClusterEventType.NodeRecovered, ClusterEventType.ClusterHealthy);
    }

    [Fact]
    public async Task A_degraded_peer_degrades_the_cluster_but_not_this_node()
    {
        using var dir = new TempDir();
        var store = new HistoryStore(dir.Path);
        var probe = new CommandProbe("ok", "/bin/true", [], TimeSpan.FromSeconds(10));
        var peerStatus = "offline";
        NodeHealth Peer() => new("node-2", new MemberStatus("node-2", "10.0.0.2", "failed", new Dictionary<string, string>()), peerStatus, []);
        var monitor = new HealthMonitor(new NodeIdentity("node-1", "10.0.0.1"), [probe], store, startupGrace: TimeSpan.Zero, peers: () => [Peer()]);

        var degraded = await monitor.ProbeOnceAsync(default);
        degraded.Status.Should().Be(HealthReport.Degraded);
        degraded.Nodes.Select(n => (n.Name, n.Status)).Should().Equal(("node-1", "running"), ("node-2", "offline"));
        monitor.CurrentNode.Nodes.Should().ContainSingle().Which.Name.Should().Be("node-1");
        monitor.CurrentNode.IsRunning.Should().BeTrue("this node's own report is what its peers fetch");
        peerStatus = HealthReport.Running;
        (await monitor.ProbeOnceAsync(default)).Status.Should().Be(HealthReport.Running);

        (await store.ListAsync()).Select(e => e.Type).Should().Equal(
            ClusterEventType.ProbeSucceeded, ClusterEventType.ClusterDegraded, ClusterEventType.ClusterHealthy);
    }

    [Fact]
    public async Task Failures_during_the_startup_grace_period_are_not_recorded()
    {
        using var dir = new TempDir();
        var store = new HistoryStore(dir.Path);
        var probe = new CommandProbe("never", "/bin/false", [], TimeSpan.FromSeconds(10));
        var monitor = new HealthMonitor(new NodeIdentity("node-1", "10.0.0.1"), [probe], store, startupGrace: TimeSpan.FromHours(1));

        (await monitor.ProbeOnceAsync(default)).Status.Should().Be(HealthReport.Degraded);
        (await store.ListAsync()).Should().BeEmpty();
    }

    [Fact]
    public async Task The_report_carries_the_duration_of_its_round_from_the_first_probe_to_the_last_peer_answer()
    {
        var clock = new ManualClock(new DateTimeOffset(2026, 12, 1, 21, 0, 0, TimeSpan.Zero));
        var own = new ClockProbe("own", clock, TimeSpan.FromSeconds(1));
        var peers = new ClockProbe("node-status", clock, TimeSpan.FromSeconds(2.5));
        var monitor = new HealthMonitor(new NodeIdentity("node-1", "10.0.0.1"), [own, peers], null, clock: clock, peers: () => []);
        monitor.Current.Round.Should().BeNull("no round has completed yet");

        await monitor.ProbeOnceAsync(default);
        clock.Advance(TimeSpan.FromSeconds(10));
        await monitor.ProbeOnceAsync(default);

        monitor.Current.Round.Should().Be(new HealthRound(new DateTimeOffset(2026, 12, 1, 21, 0, 17, TimeSpan.Zero), 3.5));
        monitor.CurrentNode.Round.Should().Be(monitor.Current.Round);
        var round = System.Text.Json.JsonDocument.Parse(monitor.Current.ToJson()).RootElement.GetProperty("round");
        round.GetProperty("seconds").GetDouble().Should().Be(3.5);
        round.GetProperty("completed_at").GetDateTimeOffset().Should().Be(new DateTimeOffset(2026, 12, 1, 21, 0, 17, TimeSpan.Zero));
    }

    /// <summary>A probe that takes a known time on the test's clock (the probes of a round run together).</summary>
    private sealed class ClockProbe(string name, ManualClock clock, TimeSpan takes) : IProbe
    {
        private static readonly object Gate = new();
        public string Name => name;

        public Task<ProbeOutcome> CheckAsync(CancellationToken ct)
        {
            lock (Gate) clock.Advance(takes);
            return Task.FromResult(ProbeOutcome.Ok);
        }
    }

    [Fact]
    public void The_report_serialises_to_the_documented_shape()
    {
        var report = HealthReport.FromNodes([
            new NodeHealth("node-1", new MemberStatus("node-1", "10.0.0.1", "alive", new Dictionary<string, string> { ["publicip"] = "10.0.0.1", ["role"] = "master" }),
                "degraded", [new ProbeReport("etcd-healthz", "failed", "refused"), new ProbeReport("containerd", "running")]),
        ]);
        var json = System.Text.Json.JsonDocument.Parse(report.ToJson()).RootElement;
        json.GetProperty("status").GetString().Should().Be("degraded");
        var node = json.GetProperty("nodes")[0];
        node.GetProperty("member_status").GetProperty("tags").GetProperty("role").GetString().Should().Be("master");
        node.GetProperty("probes")[0].GetProperty("error").GetString().Should().Be("refused");
        node.GetProperty("probes")[1].TryGetProperty("error", out _).Should().BeFalse();
    }
}

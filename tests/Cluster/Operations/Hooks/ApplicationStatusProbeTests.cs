using Gravity.Cluster.Nodes;
using Gravity.Cluster.Operations.Hooks;
using Gravity.Health.Monitoring;
using Gravity.Testing;
using Gravity.Testing.Kubernetes;

namespace Gravity.Cluster.Tests.Operations.Hooks;

/// <summary>The status hook every minute (by the clock): a failure makes the node degraded with the hook's reason, the next success healthy again.</summary>
public sealed class ApplicationStatusProbeTests() : HookJobTestBase("status-hook")
{
    private async Task<(NodeSettings, string)> Node()
    {
        var node = NewNode();
        var appDir = node.Folder.AppDir(TestClusterImage.AppName, TestClusterImage.AppVersion);
        Directory.CreateDirectory(Path.Combine(appDir, "resources"));
        await File.WriteAllTextAsync(Path.Combine(appDir, "app.yaml"), TestClusterImage.Manifest("hooks:\n"
            + Hook("status", "if test -e /var/lib/gravity/resources/broken; then echo database unreachable; exit 1; fi; echo all good")));
        NodeWithKubernetes.Prepare(node.Folder, Harness.Api);
        return (node, Path.Combine(appDir, "resources", "broken"));
    }

    [RequiresKubeletFact]
    public async Task A_failing_status_hook_makes_the_node_degraded_with_its_reason_and_a_later_success_healthy_again()
    {
        var (node, broken) = await Node();
        await File.WriteAllTextAsync(broken, "");
        var clock = new ManualClock(DateTimeOffset.Parse("2026-01-01T00:00:00Z"));
        var lines = new List<string>();
        var probe = (ApplicationStatusProbe)ApplicationStatusProbe.For(node, clock, () => true, l => { lock (lines) lines.Add(l); }, CancellationToken.None).Single();
        var monitor = new HealthMonitor(new NodeIdentity("n1", "127.0.0.1", "worker"), [probe], history: null);

        await monitor.ProbeOnceAsync(CancellationToken.None); // starts the first run
        await probe.Running;
        var degraded = await monitor.ProbeOnceAsync(CancellationToken.None);

        degraded.Status.Should().Be(HealthReport.Degraded);
        var report = degraded.Nodes.Single().Probes.Single(p => p.Checker == "application");
        report.Status.Should().Be(ProbeReport.Failed);
        report.Error.Should().Contain("hook status failed").And.Contain("database unreachable");

        // Within the minute the hook does not run again; after it, it does, and succeeds.
        File.Delete(broken);
        var last = probe.Running;
        clock.Advance(TimeSpan.FromSeconds(30));
        await monitor.ProbeOnceAsync(CancellationToken.None);
        probe.Running.Should().BeSameAs(last);
        clock.Advance(TimeSpan.FromSeconds(30));
        await monitor.ProbeOnceAsync(CancellationToken.None);
        await probe.Running;
        (await monitor.ProbeOnceAsync(CancellationToken.None)).Status.Should().Be(HealthReport.Running);
        lines.Should().Contain(l => l.EndsWith("/main: all good"));
    }

    [RequiresKubeletFact]
    public async Task A_node_that_does_not_lead_runs_no_status_hook()
    {
        var (node, broken) = await Node();
        await File.WriteAllTextAsync(broken, "");
        var probe = (ApplicationStatusProbe)ApplicationStatusProbe.For(node, new ManualClock(DateTimeOffset.UnixEpoch), () => false, _ => { }, CancellationToken.None).Single();

        (await probe.CheckAsync(CancellationToken.None)).Passed.Should().BeTrue();
        probe.Running.IsCompleted.Should().BeTrue();
        Harness.Api.Store.List(KubeletStoreWriter.Jobs, "kube-system", _ => true).Items.Should().BeEmpty();
    }

    [RequiresKubeletFact]
    public async Task A_node_that_stops_leading_drops_the_failure_its_last_run_found()
    {
        var (node, broken) = await Node();
        await File.WriteAllTextAsync(broken, "");
        var leading = true;
        var probe = (ApplicationStatusProbe)ApplicationStatusProbe.For(node, new ManualClock(DateTimeOffset.UnixEpoch), () => leading, _ => { }, CancellationToken.None).Single();
        await probe.CheckAsync(CancellationToken.None);
        await probe.Running;
        (await probe.CheckAsync(CancellationToken.None)).Passed.Should().BeFalse();

        leading = false;

        (await probe.CheckAsync(CancellationToken.None)).Passed.Should().BeTrue("the new leader's status hook speaks for the application now");
    }
}

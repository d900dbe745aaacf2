using System.Net;
using Gravity.Agent.Server;
using Gravity.Cluster.Certificates;
using Gravity.Cluster.Runtime.Services;
using Gravity.Core.Processes;
using Gravity.Cluster.Runtime;
using Gravity.Health.History;
using Gravity.Health.Monitoring;

namespace Gravity.Cluster.Tests.Runtime;

public class NodeAgentTests
{
    [Fact]
    public async Task The_agent_runs_etcd_registry_and_containerd_reports_a_killed_service_and_its_recovery()
    {
        using var node = new AgentTestNode();
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        // A restart backoff of 3 s leaves the probes (every 0.5 s) time to see the dead etcd.
        var agent = Task.Run(() => NodeAgent.RunAsync(node.Config, new AgentApiServer(), cts.Token,
            new SupervisorOptions { InitialBackoff = TimeSpan.FromSeconds(3) }));
        try
        {
            var healthy = await node.WaitForStatusAsync(HttpStatusCode.OK, TimeSpan.FromSeconds(60));
            healthy.Status.Should().Be("running");
            var self = healthy.Nodes.Should().ContainSingle().Subject;
            self.Name.Should().Be("node-1");
            self.MemberStatus.Should().BeEquivalentTo(new { Name = "node-1", Addr = "127.0.0.1", Status = "alive" });
            self.MemberStatus.Tags.Should().Contain("role", "master").And.Contain("publicip", "127.0.0.1");
            self.Probes.Select(p => p.Checker).Should().BeEquivalentTo("etcd-healthz", "registry", "containerd", "disk-space", "node-status", "time-drift");
            self.Probes.Should().OnlyContain(p => p.Status == "running");

            await ContainerdPullsFromTheClusterRegistryByItsNameAsync(node);

            var etcdPid = PidFile.Read(node.Layout.PidFile("etcd"))!.Value;
            Signals.Send(etcdPid, Signals.SigKill).Should().BeTrue();

            var degraded = await node.WaitForStatusAsync(HttpStatusCode.ServiceUnavailable, TimeSpan.FromSeconds(30));
            degraded.Status.Should().Be("degraded");
            var failed = degraded.Nodes[0].Probes.Should().ContainSingle(p => p.Status == "failed").Subject;
            failed.Checker.Should().Be("etcd-healthz");
            failed.Error.Should().Contain($"127.0.0.1:{node.Config.Node.EtcdClientPort}");

            await node.WaitForStatusAsync(HttpStatusCode.OK, TimeSpan.FromSeconds(60));
            PidFile.Read(node.Layout.PidFile("etcd")).Should().NotBe(etcdPid, "the supervisor started a new etcd");

            var history = await new HistoryStore(node.Dir.Path).ListAsync();
            var etcd = history.Where(e => e.Checker == "etcd-healthz").Select(e => e.Type).ToList();
            etcd.Should().Equal(ClusterEventType.ProbeSucceeded, ClusterEventType.ProbeFailed, ClusterEventType.ProbeSucceeded);
            var nodeEvents = history.Where(e => e.Type is ClusterEventType.NodeDegraded or ClusterEventType.NodeRecovered).Select(e => e.Type);
            nodeEvents.Should().Equal(ClusterEventType.NodeDegraded, ClusterEventType.NodeRecovered);
            history.Select(e => e.Type).Should().Contain(ClusterEventType.LeaderElected);
        }
        finally
        {
            await cts.CancelAsync();
            try { await agent; } catch (OperationCanceledException) { }
        }

        foreach (var service in new[] { "etcd", "registry", "containerd" })
            File.Exists(node.Layout.PidFile(service)).Should().BeFalse($"{service} was stopped with the agent");
        (await node.GetHealthAsync()).Status.Should().Be((HttpStatusCode)0, "the endpoint is gone");
    }

    /// <summary>An image pushed into the registry is pulled by containerd as leader.telekube.local:PORT/..., which resolves through hosts.toml, not DNS.</summary>
    private static async Task ContainerdPullsFromTheClusterRegistryByItsNameAsync(AgentTestNode node)
    {
        var layout = node.Dir.Combine("oci");
        await ProcessRunner.RunCheckedAsync("umoci", ["init", "--layout", layout]);
        await ProcessRunner.RunCheckedAsync("umoci", ["new", "--image", $"{layout}:latest"]);
        var certs = Gravity.Cluster.Tests.Certificates.NodeClientCertDir.Create(node.Dir.Path, node.Dir.Combine("client-certs"));
        await ProcessRunner.RunCheckedAsync("skopeo", ["copy", "--dest-cert-dir", certs, $"oci:{layout}:latest", $"docker://127.0.0.1:{node.Config.Node.RegistryPort}/demo/app:1"], timeout: TimeSpan.FromMinutes(1));

        var reference = $"{ClusterPki.LeaderName}:{node.Config.Node.RegistryPort}/demo/app:1";
        var pull = await ProcessRunner.RunAsync("ctr", ContainerdService.CtrArgs(node.Layout, "images", "pull", "--hosts-dir", node.Layout.ContainerdHostsDir, reference), timeout: TimeSpan.FromMinutes(1));
        pull.ExitCode.Should().Be(0, pull.Combined);
        var images = await ProcessRunner.RunCheckedAsync("ctr", ContainerdService.CtrArgs(node.Layout, "images", "ls", "-q"));
        images.StdOut.Should().Contain(reference);
    }
}

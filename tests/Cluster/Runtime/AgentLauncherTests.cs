using Gravity.Cluster.Runtime;
using Gravity.Core.Processes;
using Gravity.Testing;

namespace Gravity.Cluster.Tests.Runtime;

public class AgentLauncherTests
{
    [Fact]
    public async Task The_detached_agent_survives_a_kill_by_restarting_cleanly_and_stop_ends_every_process()
    {
        using var node = new AgentTestNode();
        var config = node.Config with { RunServicesAsServiceUser = true, Node = node.Config.Node with { ServiceUid = 4321, ServiceGid = 4322 } };
        try
        {
            var first = await AgentLauncher.StartDetachedAsync(config);
            (await AgentLauncher.StartDetachedAsync(config)).Should().Be(first, "an agent already runs for this state folder");
            File.Exists(node.Layout.NodeFile).Should().BeTrue();

            var report = await AgentLauncher.WaitHealthyAsync(config.Node, TimeSpan.FromSeconds(90));
            report.Status.Should().Be("running");
            ProcessUid(PidFile.Read(node.Layout.PidFile("etcd"))!.Value).Should().Be("4321", "etcd runs as the service user");
            ProcessUid(PidFile.Read(node.Layout.PidFile("registry"))!.Value).Should().Be("4321", "the registry runs as the service user");
            ProcessUid(PidFile.Read(node.Layout.PidFile("containerd"))!.Value).Should().Be("0", "containerd needs root");

            var history = await ProgramUnderTest.Gravity.RunAsync(["status", "history", "--state-dir", node.Dir.Path], timeout: TimeSpan.FromSeconds(60));
            history.ExitCode.Should().Be(0, history.Combined);
            history.StdOut.Should().MatchRegex(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ \[Leader Elected\]    node=node-1");

            // An agent killed outright leaves its services behind; the next agent replaces them.
            var oldServices = ServicePids(node);
            Signals.Send(first, Signals.SigKill);
            for (var i = 0; i < 200 && Signals.IsAlive(first); i++) await Task.Delay(50);
            Signals.IsAlive(first).Should().BeFalse();
            var second = await AgentLauncher.StartDetachedAsync(config);
            second.Should().NotBe(first);
            await AgentLauncher.WaitHealthyAsync(config.Node, TimeSpan.FromSeconds(90));
            oldServices.Should().OnlyContain(pid => !Signals.IsAlive(pid), "stale services of the killed agent were stopped");

            var services = ServicePids(node);
            services.Should().HaveCount(3);
            await AgentLauncher.StopAsync(node.Dir.Path);

            Signals.IsAlive(second).Should().BeFalse();
            services.Should().OnlyContain(pid => !Signals.IsAlive(pid));
            AgentLauncher.RunningPid(node.Dir.Path).Should().BeNull();
            File.ReadAllText(node.Layout.AgentLog).Should().Contain("node agent stopped");
        }
        finally
        {
            await AgentLauncher.StopAsync(node.Dir.Path, TimeSpan.FromSeconds(10));
        }
    }

    private static string ProcessUid(int pid)
        => File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("Uid:", StringComparison.Ordinal)).Split('\t', StringSplitOptions.RemoveEmptyEntries)[1];

    private static List<int> ServicePids(AgentTestNode node)
        => new[] { "etcd", "registry", "containerd" }.Select(s => PidFile.Read(node.Layout.PidFile(s))).OfType<int>().ToList();
}

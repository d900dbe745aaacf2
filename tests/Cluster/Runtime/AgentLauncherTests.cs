using Gravity.Cluster.Runtime;
using Gravity.Core.Processes;

namespace Gravity.Cluster.Tests.Runtime;

public class AgentLauncherTests
{
    [Fact]
    public async Task The_detached_agent_survives_a_kill_by_restarting_cleanly_and_stop_ends_every_process()
    {
        using var node = new AgentTestNode();
        try
        {
            var first = await AgentLauncher.StartDetachedAsync(node.Config);
            (await AgentLauncher.StartDetachedAsync(node.Config)).Should().Be(first, "an agent already runs for this state folder");
            File.Exists(NodeAgentConfig.ConfigPathOf(node.Dir.Path)).Should().BeTrue();

            var report = await AgentLauncher.WaitHealthyAsync(node.Dir.Path, TimeSpan.FromSeconds(90));
            report.Status.Should().Be("running");

            var history = await ProcessRunner.RunAsync(GravityCli.Dotnet, [GravityCli.DllPath, "status", "history", "--state-dir", node.Dir.Path], timeout: TimeSpan.FromSeconds(60));
            history.ExitCode.Should().Be(0, history.Combined);
            history.StdOut.Should().MatchRegex(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ \[Leader Elected\]    node=node-1");

            // An agent killed outright leaves its services behind; the next agent replaces them.
            var oldServices = ServicePids(node);
            Signals.Send(first, Signals.SigKill);
            var second = await AgentLauncher.StartDetachedAsync(node.Config);
            second.Should().NotBe(first);
            await AgentLauncher.WaitHealthyAsync(node.Dir.Path, TimeSpan.FromSeconds(90));
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

    private static List<int> ServicePids(AgentTestNode node)
        => new[] { "etcd", "registry", "containerd" }.Select(s => PidFile.Read(node.Layout.PidFile(s))).OfType<int>().ToList();
}

using Gravity.Cluster.Nodes;
using Gravity.Cluster.Runtime;
using Gravity.Testing;

namespace Gravity.Cluster.Tests.Runtime;

public class ServiceSupervisorTests
{
    private static async Task<T> EventuallyAsync<T>(Func<T?> probe, string what, TimeSpan? within = null) where T : struct
    {
        var deadline = DateTime.UtcNow + (within ?? TimeSpan.FromSeconds(30));
        while (DateTime.UtcNow < deadline)
        {
            if (probe() is { } value) return value;
            await Task.Delay(50);
        }
        throw new TimeoutException($"timed out waiting for {what}");
    }

    [Fact]
    public async Task A_killed_service_is_started_again_and_its_output_is_logged()
    {
        using var dir = new TempDir();
        var layout = new StateFolder(dir.Path);
        var service = new ServiceDefinition("sleeper", "/bin/sh", ["-c", "echo started; exec sleep 300"]);
        await using var supervisor = new ServiceSupervisor([service], layout, new SupervisorOptions { InitialBackoff = TimeSpan.FromMilliseconds(100) });
        await supervisor.StartAsync();

        var first = await EventuallyAsync(() => supervisor.StatusOf("sleeper")!.Pid, "the first start");
        PidFile.Read(layout.PidFile("sleeper")).Should().Be(first);
        Signals.Send(first, Signals.SigKill).Should().BeTrue();

        var second = await EventuallyAsync(() => supervisor.StatusOf("sleeper")!.Pid is { } p && p != first ? p : (int?)null, "the restart");
        supervisor.StatusOf("sleeper")!.Restarts.Should().Be(1);
        supervisor.StatusOf("sleeper")!.LastExitCode.Should().Be(137);

        await supervisor.StopAsync();
        Signals.IsAlive(second).Should().BeFalse();
        File.Exists(layout.PidFile("sleeper")).Should().BeFalse();
        var log = File.ReadAllText(layout.LogFile("sleeper"));
        log.Should().Contain("started").And.Contain("sleeper exited with code 137; restarting");
    }

    [Fact]
    public async Task A_service_that_ignores_SIGTERM_is_killed_after_the_stop_timeout()
    {
        using var dir = new TempDir();
        var layout = new StateFolder(dir.Path);
        var service = new ServiceDefinition("stubborn", "/bin/sh", ["-c", "trap '' TERM; echo ready; while true; do sleep 1; done"]);
        var supervisor = new ServiceSupervisor([service], layout, new SupervisorOptions { StopTimeout = TimeSpan.FromSeconds(1) });
        await supervisor.StartAsync();
        var pid = await EventuallyAsync(() => supervisor.StatusOf("stubborn")!.Pid, "the start");
        await EventuallyAsync(() => File.Exists(layout.LogFile("stubborn")) && File.ReadAllText(layout.LogFile("stubborn")).Contains("ready") ? true : (bool?)null, "the trap");

        await supervisor.DisposeAsync();
        Signals.IsAlive(pid).Should().BeFalse();
        File.ReadAllText(layout.LogFile("stubborn")).Should().Contain("did not stop within 1 s: killing it");
    }

    [Fact]
    public async Task A_service_whose_binary_is_missing_keeps_being_retried_without_stopping_the_others()
    {
        using var dir = new TempDir();
        var layout = new StateFolder(dir.Path);
        await using var supervisor = new ServiceSupervisor(
            [new ServiceDefinition("missing", dir.Combine("no-such-binary"), []), new ServiceDefinition("ok", "/bin/sleep", ["300"])],
            layout, new SupervisorOptions { InitialBackoff = TimeSpan.FromMilliseconds(50) });
        await supervisor.StartAsync();
        await EventuallyAsync(() => supervisor.StatusOf("ok")!.Pid, "the healthy service");
        await EventuallyAsync(() => File.Exists(layout.LogFile("missing")) && File.ReadAllText(layout.LogFile("missing")).Contains("cannot start") ? true : (bool?)null, "the failure to be logged");
    }
}

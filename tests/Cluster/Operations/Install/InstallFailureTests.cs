using Gravity.Testing;
using Gravity.Cluster.Tests.Operations;
using Gravity.Cluster.Operations;
using Gravity.Cluster.Runtime;
using Gravity.Core.Processes;

namespace Gravity.Cluster.Tests.Operations.Install;

/// <summary>Installs that cannot succeed say why, early: no room in the state folder, a service that dies at start-up.</summary>
[Collection(InstallCollection.Name)]
public sealed class InstallFailureTests
{
    [Fact]
    public async Task A_state_folder_without_room_for_the_install_is_refused_by_the_checks()
    {
        using var f = await InstallFixture.CreateAsync();
        Directory.CreateDirectory(f.StateDir);
        await ProcessRunner.RunCheckedAsync("mount", ["-t", "tmpfs", "-o", "size=16m", "tmpfs", f.StateDir]);
        try
        {
            var r = await GravityCli.RunAsync(f.InstallArgs());

            r.ExitCode.Should().Be(1, r.Combined);
            r.StdErr.Should().Contain("/checks").And.Contain(f.StateDir).And.Contain("free").And.Contain("needs");
            r.StdErr.Should().MatchRegex(@"\d+ bytes free", "the free bytes are named");
            AgentLauncher.RunningPid(f.StateDir).Should().BeNull("nothing was started");
        }
        finally
        {
            await AgentLauncher.StopAsync(f.StateDir, TimeSpan.FromSeconds(10));
            await LeftoverProcesses.KillAsync(f.StateDir, CancellationToken.None);
            await ProcessRunner.RunAsync("umount", [f.StateDir]);
        }
    }

    [Fact]
    public async Task A_service_that_dies_at_start_up_fails_the_wait_phase_with_its_last_log_lines()
    {
        // The runtime takes etcd from the image's runtime package when it carries one: this one cannot start.
        using var programs = new TempDir("broken-etcd");
        var etcd = Path.Combine(programs.Path, "etcd");
        await File.WriteAllTextAsync(etcd, "#!/bin/sh\necho 'etcd: cannot use the data folder (broken on purpose)' >&2\nexit 3\n");
        File.SetUnixFileMode(etcd, (UnixFileMode)0x1ED);
        using var f = await InstallFixture.CreateAsync(runtimePrograms: [new RuntimePackageProgram("etcd", "etcd", etcd)]);
        try
        {
            var r = await GravityCli.RunAsync(f.InstallArgs());

            r.ExitCode.Should().Be(1, r.Combined);
            r.StdErr.Should().Contain("/wait").And.Contain("etcd").And.Contain("broken on purpose").And.Contain("exited with code 3");
            r.StdErr.Should().NotContain("did not become healthy within", "the dead service is noticed without waiting for the timeout");
        }
        finally
        {
            await GravityCli.RunAsync("leave", "--force", "--state-dir", f.StateDir);
        }
    }
}

using Gravity.Cluster.Nodes;
using Gravity.Cluster.Runtime;
using Gravity.Core.Processes;
using Gravity.Testing;

namespace Gravity.Cluster.Tests.Runtime;

/// <summary>State folders of older versions gave logs/, run/ and containerd/ to the service user: the agent takes them back, and never writes through a link left there.</summary>
public class RootFoldersTests
{
    [Fact]
    public async Task Folders_an_older_version_gave_the_service_user_are_roots_again_at_start()
    {
        using var dir = new TempDir();
        var layout = new StateFolder(dir.Path);
        foreach (var folder in new[] { layout.Logs, layout.Run, layout.ContainerdDir })
        {
            Directory.CreateDirectory(folder);
            await File.WriteAllTextAsync(Path.Combine(folder, "planted"), "");
            await ProcessRunner.RunCheckedAsync("chown", ["-R", "4321:4321", folder]);
            File.SetUnixFileMode(folder, (UnixFileMode)0x1FF); // 0777
        }

        await RuntimeFolders.CreateAsync(layout);

        foreach (var folder in new[] { layout.Logs, layout.Run, layout.ContainerdDir })
        {
            (await Owner(folder)).Should().Be("0:0", folder);
            (await Owner(Path.Combine(folder, "planted"))).Should().Be("0:0");
            File.GetUnixFileMode(folder).Should().Be((UnixFileMode)0x1ED, "0755"); // 0755
        }
    }

    [Fact]
    public async Task A_link_where_a_service_log_belongs_is_replaced_not_written_through()
    {
        using var dir = new TempDir();
        var layout = new StateFolder(dir.Path);
        var victim = dir.Combine("root-file");
        await File.WriteAllTextAsync(victim, "root's\n");
        Directory.CreateDirectory(layout.Logs);
        File.CreateSymbolicLink(layout.LogFile("sleeper"), victim);

        await using (var supervisor = new ServiceSupervisor([new ServiceDefinition("sleeper", "/bin/sh", ["-c", "echo started; exec sleep 300"])], layout))
        {
            await supervisor.StartAsync();
            for (var i = 0; i < 200 && !(File.Exists(layout.LogFile("sleeper")) && File.ReadAllText(layout.LogFile("sleeper")).Contains("started")); i++)
                await Task.Delay(50);
        }

        (await File.ReadAllTextAsync(victim)).Should().Be("root's\n");
        new FileInfo(layout.LogFile("sleeper")).LinkTarget.Should().BeNull();
        (await File.ReadAllTextAsync(layout.LogFile("sleeper"))).Should().Contain("started");
    }

    private static async Task<string> Owner(string path) => (await ProcessRunner.RunCheckedAsync("stat", ["-c", "%u:%g", path])).StdOut.Trim();
}

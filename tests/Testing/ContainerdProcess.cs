using System.Diagnostics;
using Gravity.Core.Processes;

namespace Gravity.Testing;

/// <summary>A private containerd (own root, state and socket; CRI disabled) for tests, driven with ctr.</summary>
public sealed class ContainerdProcess : IAsyncDisposable
{
    private readonly TempDir _dir;
    private readonly Process _process;

    private ContainerdProcess(TempDir dir, Process process)
    {
        _dir = dir;
        _process = process;
    }

    public string Socket => _dir.Combine("containerd.sock");

    /// <summary>Why containerd cannot run here (not installed, not root), or null.</summary>
    public static string? Unavailable()
    {
        if (ProcessRunner.Which("containerd") is null || ProcessRunner.Which("ctr") is null) return "containerd/ctr are not installed";
        if (Environment.UserName != "root" && !string.Equals(Environment.GetEnvironmentVariable("USER"), "root", StringComparison.Ordinal))
            return "containerd needs root";
        return null;
    }

    public static async Task<ContainerdProcess> StartAsync()
    {
        var dir = new TempDir("containerd");
        var config = dir.Combine("config.toml");
        await File.WriteAllTextAsync(config, $"""
            version = 2
            root = "{dir.Combine("root")}"
            state = "{dir.Combine("state")}"
            disabled_plugins = ["io.containerd.grpc.v1.cri", "io.containerd.snapshotter.v1.btrfs", "io.containerd.snapshotter.v1.zfs", "io.containerd.snapshotter.v1.devmapper", "io.containerd.snapshotter.v1.aufs"]
            [grpc]
              address = "{dir.Combine("containerd.sock")}"
            [ttrpc]
              address = "{dir.Combine("containerd.sock.ttrpc")}"
            [debug]
              address = ""
            [metrics]
              address = ""
            """);
        var psi = new ProcessStartInfo("containerd") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        psi.ArgumentList.Add("--config");
        psi.ArgumentList.Add(config);
        var process = Process.Start(psi)!;
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        var c = new ContainerdProcess(dir, process);
        for (var i = 0; i < 100; i++)
        {
            if (process.HasExited) break;
            if (File.Exists(c.Socket) && (await c.CtrAsync("version")).Succeeded) return c;
            await Task.Delay(100);
        }
        await c.DisposeAsync();
        throw new InvalidOperationException("containerd did not start");
    }

    public Task<ProcessResult> CtrAsync(params string[] args)
        => ProcessRunner.RunAsync("ctr", ["--address", Socket, .. args], timeout: TimeSpan.FromMinutes(2));

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        }
        _process.Dispose();
        // Unpacking mounts snapshots only while it works; make sure nothing stays mounted before deleting the folder.
        await ProcessRunner.RunAsync("umount", ["-R", _dir.Combine("root")], timeout: TimeSpan.FromSeconds(30));
        _dir.Dispose();
    }
}

using System.Collections.Concurrent;
using System.Diagnostics;
using Gravity.Core.Processes;

namespace Gravity.Testing.Kubernetes;

/// <summary>
/// The kubelet test double's container runtime: containerd driven with ctr, in a containerd namespace of its own so
/// that cleaning up touches nothing else. Containers share the host's network (so kubectl in a hook reaches the API
/// server double on 127.0.0.1) and run with --rm, which removes their container and snapshot when they end.
/// </summary>
public sealed class KubeletContainerRuntime(string socket, string containerdNamespace, IReadOnlyList<string> pullArguments)
{
    private readonly ConcurrentDictionary<string, bool> _pulled = new(StringComparer.Ordinal);

    /// <summary>Pulls an image unless pulled already; the ctr output when that failed, or null.</summary>
    public async Task<string?> PullAsync(string image, CancellationToken ct)
    {
        if (_pulled.ContainsKey(image)) return null;
        var pull = await CtrAsync(["images", "pull", .. pullArguments, image], ct);
        if (!pull.Succeeded) return pull.Combined.Trim();
        _pulled[image] = true;
        return null;
    }

    /// <summary>
    /// Runs a container to its end, handing its stdout and stderr to <paramref name="output"/> as they come. Cancelling
    /// <paramref name="kill"/> kills it (SIGKILL). The exit code, 137 when killed.
    /// </summary>
    public async Task<int> RunAsync(KubeletContainerPlan plan, string containerId, Action<string> output, CancellationToken kill)
    {
        var psi = new ProcessStartInfo("ctr") { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false };
        foreach (var arg in (string[])["--address", socket, "--namespace", containerdNamespace, "run", "--rm", "--net-host"]) psi.ArgumentList.Add(arg);
        foreach (var mount in plan.Mounts)
        {
            psi.ArgumentList.Add("--mount");
            psi.ArgumentList.Add($"type=bind,src={mount.Source},dst={mount.Destination},options=rbind:{(mount.ReadOnly ? "ro" : "rw")}");
        }
        foreach (var variable in plan.Environment)
        {
            psi.ArgumentList.Add("--env");
            psi.ArgumentList.Add(variable);
        }
        if (plan.WorkingDir is { } cwd) { psi.ArgumentList.Add("--cwd"); psi.ArgumentList.Add(cwd); }
        psi.ArgumentList.Add(plan.Image);
        psi.ArgumentList.Add(containerId);
        foreach (var arg in plan.Process) psi.ArgumentList.Add(arg);

        using var process = Process.Start(psi)!;
        process.StandardInput.Close();
        var stdout = PumpAsync(process.StandardOutput, output);
        var stderr = PumpAsync(process.StandardError, output);
        await using (kill.Register(() => _ = KillAsync(containerId)))
        {
            await process.WaitForExitAsync(CancellationToken.None);
            await Task.WhenAll(stdout, stderr);
        }
        return kill.IsCancellationRequested ? 137 : process.ExitCode;
    }

    /// <summary>Kills and removes every container left in the namespace, then the images pulled and the namespace itself.</summary>
    public async Task CleanUpAsync()
    {
        var containers = await CtrAsync(["containers", "ls", "-q"], CancellationToken.None);
        foreach (var id in containers.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            await CtrAsync(["tasks", "kill", "-s", "SIGKILL", id], CancellationToken.None);
            await CtrAsync(["tasks", "rm", "-f", id], CancellationToken.None);
            await CtrAsync(["containers", "rm", id], CancellationToken.None);
        }
        foreach (var image in _pulled.Keys) await CtrAsync(["images", "rm", "--sync", image], CancellationToken.None);
        await CtrAsync(["content", "prune", "references"], CancellationToken.None);
        await ProcessRunner.RunAsync("ctr", ["--address", socket, "namespaces", "rm", containerdNamespace], timeout: TimeSpan.FromMinutes(1));
    }

    /// <summary>The containers of the namespace (what tests check is gone).</summary>
    public async Task<IReadOnlyList<string>> ContainersAsync() =>
        (await CtrAsync(["containers", "ls", "-q"], CancellationToken.None)).StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private async Task KillAsync(string containerId)
    {
        // The task may not exist yet (still being created): try until ctr run has a task to kill or has ended.
        for (var i = 0; i < 50; i++)
        {
            if ((await CtrAsync(["tasks", "kill", "-s", "SIGKILL", containerId], CancellationToken.None)).Succeeded) return;
            if (!(await CtrAsync(["containers", "info", containerId], CancellationToken.None)).Succeeded && i > 5) return;
            await Task.Delay(200);
        }
    }

    private Task<ProcessResult> CtrAsync(IReadOnlyList<string> args, CancellationToken ct) =>
        ProcessRunner.RunAsync("ctr", ["--address", socket, "--namespace", containerdNamespace, .. args], timeout: TimeSpan.FromMinutes(2), ct: ct);

    private static async Task PumpAsync(StreamReader reader, Action<string> output)
    {
        var buffer = new char[4096];
        int read;
        while ((read = await reader.ReadAsync(buffer)) > 0) output(new string(buffer, 0, read));
    }
}

using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Gravity.Cluster.Certificates;
using Gravity.Cluster.Nodes;
using Gravity.Core;
using Gravity.Core.Processes;
using Gravity.Health.Monitoring;

namespace Gravity.Cluster.Runtime;

/// <summary>Starts the node agent in the background (its own session, surviving the installer), stops it, and waits for it to be healthy.</summary>
public static class AgentLauncher
{
    /// <summary>Saves the configuration, then runs `gravity agent run --state-dir DIR` detached (setsid), output in logs/agent.log. Returns the agent's pid (the running one when it already runs).</summary>
    public static async Task<int> StartDetachedAsync(NodeAgentConfig config, CancellationToken ct = default)
    {
        var node = config.Node;
        var layout = node.Folder;
        Directory.CreateDirectory(node.StateDir);
        await config.SaveAsync();
        if (RunningPid(node.StateDir) is { } running) return running;
        await RuntimeFolders.CreateAsync(layout);
        File.Delete(layout.AgentPidFile);
        LogFiles.RemoveLink(layout.AgentLog);

        await DetachedProcess.StartAsync(layout.AgentLog, node.GravityBinary, [.. node.GravityArgs, "agent", "run", "--state-dir", node.StateDir], "the node agent", ct);

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            if (RunningPid(node.StateDir) is { } pid) return pid;
            await Task.Delay(100, ct);
        }
        throw new GravityException($"the node agent did not start within 30 s; see {layout.AgentLog}:\n{Tail(layout.AgentLog)}");
    }

    /// <summary>The pid of the running agent of this state folder, or null.</summary>
    public static int? RunningPid(string stateDir)
        => PidFile.Read(new StateFolder(stateDir).AgentPidFile) is { } pid && Signals.IsAlive(pid) ? pid : null;

    /// <summary>SIGTERM to the agent (which stops its services), SIGKILL after the timeout; then any service left behind is killed.</summary>
    public static async Task StopAsync(string stateDir, TimeSpan? timeout = null, CancellationToken ct = default)
    {
        var layout = new StateFolder(stateDir);
        if (RunningPid(stateDir) is { } pid)
        {
            Signals.Send(pid, Signals.SigTerm);
            var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
            while (Signals.IsAlive(pid) && DateTime.UtcNow < deadline) await Task.Delay(100, ct);
            if (Signals.IsAlive(pid)) Signals.Send(pid, Signals.SigKill);
        }
        await KillOrphanedServicesAsync(layout);
        if (File.Exists(layout.AgentPidFile)) File.Delete(layout.AgentPidFile);
    }

    private static async Task KillOrphanedServicesAsync(StateFolder layout)
    {
        if (!Directory.Exists(layout.Run)) return;
        var state = Path.GetFullPath(layout.StateDir);
        foreach (var file in Directory.EnumerateFiles(layout.Run, "*.pid"))
        {
            if (PidFile.Read(file) is not { } pid || !Signals.IsAlive(pid)) { File.Delete(file); continue; }
            string cmdline;
            try { cmdline = await File.ReadAllTextAsync($"/proc/{pid}/cmdline"); }
            catch (IOException) { continue; }
            if (!cmdline.Contains(state, StringComparison.Ordinal)) continue; // a reused pid: not ours
            Signals.Send(pid, Signals.SigKill);
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
            while (Signals.IsAlive(pid) && DateTime.UtcNow < deadline) await Task.Delay(50);
            File.Delete(file);
        }
    }

    /// <summary>The health report of the agent, or null when it does not answer.</summary>
    public static async Task<HealthReport?> GetHealthAsync(NodeSettings node, CancellationToken ct = default)
    {
        var pki = new ClusterPki(node.StateDir);
        if (!File.Exists(pki.CaCertPath)) return null;
        using var http = ClusterTrust.CreateClient(pki.CaCertPath, TimeSpan.FromSeconds(5));
        try
        {
            using var response = await http.GetAsync(node.HealthUrl, ct);
            if (response.StatusCode is not (HttpStatusCode.OK or HttpStatusCode.ServiceUnavailable)) return null;
            return HealthReport.Parse(await response.Content.ReadAsStringAsync(ct));
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or JsonException)
        {
            if (ct.IsCancellationRequested) throw;
            return null;
        }
    }

    /// <summary>A service the agent's supervisor saw exit (GET /services), or null (none, or the agent does not answer).</summary>
    public static async Task<ServiceStatus?> ExitedServiceAsync(NodeSettings node, CancellationToken ct = default)
    {
        var pki = new ClusterPki(node.StateDir);
        if (!File.Exists(pki.CaCertPath)) return null;
        using var http = ClusterTrust.CreateClient(pki.CaCertPath, TimeSpan.FromSeconds(5));
        try
        {
            var services = await http.GetFromJsonAsync<List<ServiceStatus>>(new Uri(node.HealthUrl, "services"), JsonSerializerOptions.Web, ct);
            return services?.FirstOrDefault(s => s.LastExitCode is not null);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or JsonException)
        {
            if (ct.IsCancellationRequested) throw;
            return null;
        }
    }

    /// <summary>Polls the health endpoint until the node is running; throws with the failing probes (or the agent's log) when it is not within the timeout.</summary>
    public static async Task<HealthReport> WaitHealthyAsync(NodeSettings node, TimeSpan timeout, CancellationToken ct = default)
    {
        var layout = node.Folder;
        var deadline = DateTime.UtcNow + timeout;
        HealthReport? last = null;
        while (true)
        {
            last = await GetHealthAsync(node, ct) ?? last;
            if (last is { IsRunning: true }) return last;
            if (RunningPid(node.StateDir) is null)
                throw new GravityException($"the node agent is not running; see {layout.AgentLog}:\n{Tail(layout.AgentLog)}");
            // A service that exits while the node is not healthy yet will not heal by waiting: say why it died, now.
            if (await ExitedServiceAsync(node, ct) is { } exited)
                throw new GravityException($"{exited.Name} exited with code {exited.LastExitCode} while the node was starting" +
                    $"{(exited.Restarts > 0 ? $" (restarted {exited.Restarts} time(s))" : "")}; the last lines of {layout.LogFile(exited.Name)}:\n{Tail(layout.LogFile(exited.Name), 10)}");
            if (DateTime.UtcNow >= deadline) break;
            await Task.Delay(500, ct);
        }
        var failing = last is null
            ? "the health endpoint did not answer"
            : string.Join("; ", last.Nodes.SelectMany(n => n.Probes).Where(p => p.Status != ProbeReport.Running).Select(p => $"{p.Checker}: {p.Error}"));
        throw new GravityException($"the node did not become healthy within {timeout.TotalSeconds:0} s: {failing} (logs in {layout.Logs})");
    }

    private static string Tail(string path, int lines = 20)
    {
        try { return string.Join('\n', File.ReadLines(path).TakeLast(lines)); }
        catch (IOException) { return "(no log)"; }
    }
}

using System.Globalization;
using Gravity.Cluster.Nodes;
using Gravity.Cluster.Runtime;
using Gravity.Core;

namespace Gravity.Cluster.Agents;

/// <summary>
/// Starts and stops this node's update agent: `gravity agent run-update` in its own session, run by the gravity
/// binary the upgrade brings (<see cref="StateFolder.UpdateAgentBinary"/>, sent by `gravity agent deploy`) or, when
/// none was sent, by the node's own (a build that is not a single file: tests). It lives apart from the node agent,
/// which system-upgrade stops and starts again.
/// </summary>
public static class UpdateAgentLauncher
{
    public const string RunCommand = "run-update";

    /// <param name="port">Where it listens (0: a free port, chosen by the agent and recorded).</param>
    /// <returns>The URL it serves phases on.</returns>
    public static async Task<Uri> StartAsync(NodeSettings node, int port, CancellationToken ct)
    {
        var layout = node.Folder;
        if (RunningPid(layout) is not null && ReadUrl(layout) is { } running) return running;
        await StopAsync(layout, ct);
        Directory.CreateDirectory(layout.Local);
        Directory.CreateDirectory(layout.Logs);
        LogFiles.RemoveLink(layout.UpdateAgentLog);
        var (program, args) = File.Exists(layout.UpdateAgentBinary) ? (layout.UpdateAgentBinary, (IReadOnlyList<string>)[]) : (node.GravityBinary, node.GravityArgs);
        await DetachedProcess.StartAsync(layout.UpdateAgentLog, program,
            [.. args, "agent", RunCommand, "--state-dir", node.StateDir, "--port", port.ToString(CultureInfo.InvariantCulture)], "the update agent", ct);

        // Bounded: the agent writes its URL once it listens, or dies and says why in its log.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            if (RunningPid(layout) is not null && ReadUrl(layout) is { } url) return url;
            await Task.Delay(100, ct);
        }
        throw new GravityException($"the update agent of node {node.NodeName} did not start within 30 s; see {layout.UpdateAgentLog}:\n{LogTail(layout.UpdateAgentLog)}");
    }

    /// <summary>SIGTERM, then SIGKILL after 10 s; removes its pid and URL files. No-op when none runs.</summary>
    public static async Task StopAsync(StateFolder layout, CancellationToken ct)
    {
        if (RunningPid(layout) is { } pid)
        {
            Signals.Send(pid, Signals.SigTerm);
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
            while (Signals.IsAlive(pid) && DateTime.UtcNow < deadline) await Task.Delay(50, ct);
            if (Signals.IsAlive(pid)) Signals.Send(pid, Signals.SigKill);
        }
        // local/ is missing on a node that never got that far (a leave of a failed install).
        if (File.Exists(layout.UpdateAgentPidFile)) File.Delete(layout.UpdateAgentPidFile);
        if (File.Exists(layout.UpdateAgentUrlFile)) File.Delete(layout.UpdateAgentUrlFile);
    }

    /// <summary>The pid of this node's running update agent (checked to be one: pids are reused), or null.</summary>
    public static int? RunningPid(StateFolder layout)
    {
        if (PidFile.Read(layout.UpdateAgentPidFile) is not { } pid || !Signals.IsAlive(pid)) return null;
        try
        {
            return File.ReadAllText($"/proc/{pid}/cmdline").Split('\0').Contains(RunCommand) ? pid : null;
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>What the running agent writes once it listens: its pid file, then its URL.</summary>
    public static Task WriteRunningAsync(StateFolder layout, Uri url)
    {
        PidFile.Write(layout.UpdateAgentPidFile, Environment.ProcessId);
        return AtomicFile.WriteAllTextAsync(layout.UpdateAgentUrlFile, url + "\n", FileModes600);
    }

    private const UnixFileMode FileModes600 = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    private static Uri? ReadUrl(StateFolder layout)
    {
        try
        {
            return Uri.TryCreate(File.ReadAllText(layout.UpdateAgentUrlFile).Trim(), UriKind.Absolute, out var url) ? url : null;
        }
        catch (IOException)
        {
            return null;
        }
    }

    private static string LogTail(string path)
    {
        try
        {
            return string.Join('\n', File.ReadLines(path).TakeLast(10));
        }
        catch (IOException)
        {
            return "(no log)";
        }
    }
}

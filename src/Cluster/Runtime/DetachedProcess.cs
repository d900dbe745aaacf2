using Gravity.Core;
using Gravity.Core.Processes;

namespace Gravity.Cluster.Runtime;

/// <summary>Starts a gravity process that outlives its starter: its own session (setsid -f), stdin from /dev/null, output appended to a log.</summary>
public static class DetachedProcess
{
    /// <param name="what">What is started, for the error ("the node agent").</param>
    public static async Task StartAsync(string log, string program, IReadOnlyList<string> args, string what, CancellationToken ct)
    {
        var setsid = ProcessRunner.Which("setsid") ?? throw new GravityException($"setsid (util-linux) is needed to start {what} in the background");
        // sh only sets up the redirections: the process must not hold its starter's pipes, or it dies with them.
        List<string> shell = ["-c", "log=\"$1\"; shift; exec \"$@\" >>\"$log\" 2>&1 </dev/null", "sh", log, setsid, "-f", program, .. args];
        var r = await ProcessRunner.RunAsync("/bin/sh", shell, timeout: TimeSpan.FromSeconds(30), ct: ct);
        if (!r.Succeeded) throw new GravityException($"cannot start {what}: {r.Combined}");
    }
}

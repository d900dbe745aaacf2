using Gravity.Cluster.Nodes;
using Gravity.Core;
using Gravity.Core.Processes;

namespace Gravity.Cluster.Operations.Upgrade;

/// <summary>
/// `gravity upgrade --no-block`: the plan runs in a `gravity plan resume` of its own session (setsid), so it outlives
/// the command and its terminal; its output goes to the operation's log. Gravity starts the same as the systemd unit
/// gravity-resume.service; these nodes need not run systemd, so the process is detached instead.
/// </summary>
public static class BackgroundUpgrade
{
    /// <summary>The systemd unit Gravity runs a background operation in (named in docs/upgrade.md).</summary>
    public const string GravityUnitName = "gravity-resume.service";

    public static string LogOf(StateFolder folder, string operationId) => folder.LogFile($"operation-{operationId}");

    /// <returns>The log file the run writes.</returns>
    public static async Task<string> StartAsync(NodeSettings node, string operationId, CancellationToken ct)
    {
        var setsid = ProcessRunner.Which("setsid") ?? throw new GravityException("setsid (util-linux) is needed to run the upgrade in the background");
        var log = LogOf(node.Folder, operationId);
        Directory.CreateDirectory(Path.GetDirectoryName(log)!);
        var r = await ProcessRunner.RunAsync("/bin/sh",
            ["-c", "log=$1; shift; exec \"$@\" >>\"$log\" 2>&1 </dev/null", "sh", log, setsid, "-f", node.GravityBinary, .. node.GravityArgs,
                "plan", "resume", "--state-dir", node.StateDir],
            timeout: TimeSpan.FromSeconds(30), ct: ct);
        if (!r.Succeeded) throw new GravityException($"cannot start the upgrade in the background: {r.Combined}");
        return log;
    }
}

using Gravity.Cluster.Plans;
using Gravity.Cluster.Runtime;
using Gravity.Core;
using Gravity.Core.Processes;

namespace Gravity.Cluster.Operations.Shrink.Executors;

/// <summary>
/// /clean, run on the removed node by its agent: starts `gravity leave --force` there in its own session (it stops the
/// agent that runs this phase, so it cannot be a child of it), which stops every service and removes everything the
/// node's install or join created.
/// </summary>
public sealed class CleanNodeExecutor(ShrinkPhaseContext shrink) : IPhaseExecutor
{
    public async Task ExecuteAsync(PhaseContext context, CancellationToken ct)
    {
        var stateDir = shrink.Config.Target.StateDir
            ?? throw new GravityException($"the cluster's record of {shrink.Config.Target.Name} has no state folder (an older version wrote it): run gravity leave --force on that node");
        var node = NodeAgentConfig.Load(stateDir).Node;
        if (node.NodeName != shrink.Config.Target.Name)
            throw new GravityException($"{stateDir} holds node {node.NodeName}, not {shrink.Config.Target.Name}");
        var setsid = ProcessRunner.Which("setsid") ?? throw new GravityException("setsid (util-linux) is needed to uninstall the node in the background");
        var r = await ProcessRunner.RunAsync("/bin/sh",
            ["-c", "exec \"$@\" >/dev/null 2>&1 </dev/null", "sh", setsid, "-f", node.GravityBinary, .. node.GravityArgs, "leave", "--force", "--state-dir", stateDir],
            timeout: TimeSpan.FromSeconds(30), ct: ct);
        if (!r.Succeeded) throw new GravityException($"cannot start the uninstall of {node.NodeName}: {r.Combined}");
        context.Log($"uninstalling node {node.NodeName} ({stateDir})");
    }

    public Task RollbackAsync(PhaseContext context, CancellationToken ct) => Task.CompletedTask;
}

using System.CommandLine;
using Gravity.Cli;
using Gravity.Cluster.Operations;
using Gravity.Cluster.Operations.Shrink;
using Gravity.Cluster.Plans;

namespace Gravity.Cli.Node.Commands;

/// <summary>`gravity leave [--force] [--drain-timeout D]`: this node leaves its cluster (a shrink operation), then is uninstalled; --force only uninstalls it here.</summary>
internal static class LeaveCommand
{
    public static Command Create()
    {
        var cmd = new Command("leave", "Remove this node from its cluster and uninstall it (on the last node, with --force, uninstall the cluster)");
        var force = new Option<bool>("--force") { Description = "Uninstall this node here without asking the cluster (a node in a bad state); required on the last node" };
        var drainTimeout = DrainTimeoutOption.Create();
        cmd.Options.Add(force);
        cmd.Options.Add(drainTimeout);
        CommandAction.Set(cmd, async (p, ct) =>
        {
            var quiet = p.GetValue(CommandAction.Quiet);
            var messages = quiet ? null : new ConsoleLines();
            if (p.GetValue(force))
                await new NodeLifecycle(new NodeRuntime()).LeaveAsync(CommonOptions.StateDirOf(p), true, messages, ct);
            else
                await new Shrinker(new NodeRuntime()) { DrainTimeout = p.GetValue(drainTimeout) }.LeaveAsync(CommonOptions.StateDirOf(p), quiet ? null : new PhaseEventWriter(Console.Out), messages, ct);
            if (!quiet) Console.WriteLine("the node has left the cluster and everything the install created is removed");
            return 0;
        });
        return cmd;
    }
}

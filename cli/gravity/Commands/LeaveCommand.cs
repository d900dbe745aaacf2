using System.CommandLine;
using Gravity.Cli;
using Gravity.Cluster.Operations;

namespace Gravity.Cli.Node.Commands;

/// <summary>`gravity leave [--force]`: decommission this node; on the last node, uninstall everything.</summary>
internal static class LeaveCommand
{
    public static Command Create()
    {
        var cmd = new Command("leave", "Decommission this node (on the last node, with --force, uninstall the cluster)");
        var force = new Option<bool>("--force") { Description = "Decommission even a node in a bad state; required on the last node" };
        cmd.Options.Add(force);
        CommandAction.Set(cmd, async (p, ct) =>
        {
            var quiet = p.GetValue(CommandAction.Quiet);
            await new NodeLifecycle(new NodeRuntime()).LeaveAsync(CommonOptions.StateDirOf(p), p.GetValue(force), quiet ? null : new ConsoleLines(), ct);
            if (!quiet) Console.WriteLine("the node has left the cluster and everything the install created is removed");
            return 0;
        });
        return cmd;
    }
}

using System.CommandLine;
using Gravity.Cli;
using Gravity.Cluster.Operations;

namespace Gravity.Cli.Node.Commands;

/// <summary>`gravity stop`: the application's stop hook (its log printed), then stop the node agent and every cluster service on this node.</summary>
internal static class StopCommand
{
    public static Command Create()
    {
        var cmd = new Command("stop", "Stop all cluster services on this node");
        CommandAction.Set(cmd, async (p, ct) =>
        {
            await new NodeLifecycle(new NodeRuntime()).StopAsync(CommonOptions.StateDirOf(p), ct, p.GetValue(CommandAction.Quiet) ? null : new ConsoleLines());
            if (!p.GetValue(CommandAction.Quiet)) Console.WriteLine("stopped; start again with gravity start");
            return 0;
        });
        return cmd;
    }
}

using System.CommandLine;
using Gravity.Cli;
using Gravity.Cluster.Operations;

namespace Gravity.Cli.Node.Commands;

/// <summary>`gravity start [--advertise-addr IP]`: start the cluster services again, optionally on a new address; then the application's start hook (its log printed).</summary>
internal static class StartCommand
{
    public static Command Create()
    {
        var cmd = new Command("start", "Start the cluster services on this node again");
        var advertise = new Option<string?>("--advertise-addr") { Description = "A new address for this node (certificates are regenerated)" };
        cmd.Options.Add(advertise);
        CommandAction.Set(cmd, async (p, ct) =>
        {
            await new NodeLifecycle(new NodeRuntime()).StartAsync(CommonOptions.StateDirOf(p), p.GetValue(advertise), ct, p.GetValue(CommandAction.Quiet) ? null : new ConsoleLines());
            if (!p.GetValue(CommandAction.Quiet)) Console.WriteLine("started");
            return 0;
        });
        return cmd;
    }
}

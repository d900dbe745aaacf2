using System.CommandLine;
using Gravity.Cli;
using Gravity.Cluster.Operations;
using Gravity.Cluster.Plans;

namespace Gravity.Cli.Node.Commands;

/// <summary>`gravity status`: the cluster, its nodes, application, status, join token and operation in progress.</summary>
internal static class StatusCommand
{
    public static Command Create()
    {
        var cmd = new Command("status", "Show the status of the cluster and its application");
        var format = new Option<string>("--format") { Description = "text, json or yaml", DefaultValueFactory = _ => "text" };
        cmd.Options.Add(format);
        CommandAction.Set(cmd, async (p, ct) =>
        {
            var report = await new ClusterStatusReader(new NodeRuntime()).ReadAsync(CommonOptions.StateDirOf(p), ct);
            Console.Write(ViewSerializer.Format(report, p.GetValue(format)!, StatusTextFormatter.Format));
            return 0;
        });
        cmd.Subcommands.Add(StatusHistoryCommand.Create()); // H8's `gravity status history`
        return cmd;
    }
}

using System.CommandLine;
using Gravity.Cli;
using Gravity.Cluster.Operations;
using Gravity.Cluster.Operations.Shrink;
using Gravity.Cluster.Plans;

namespace Gravity.Cli.Node.Commands;

/// <summary>`gravity remove NODE [--force] [--drain-timeout D]`: remove another node from the cluster (a shrink operation run from this node).</summary>
internal static class RemoveCommand
{
    public static Command Create()
    {
        var cmd = new Command("remove", "Remove a node from the cluster: its etcd member, its records, and (through its agent) everything on it");
        var node = new Argument<string>("node") { Description = "The node's name, advertise address or host name" };
        var force = new Option<bool>("--force")
        {
            Description = "Remove a node whose agent cannot be reached (a lost machine) from every record, without cleaning it up; a node that cannot be drained in time is removed all the same",
        };
        cmd.Arguments.Add(node);
        var drainTimeout = DrainTimeoutOption.Create();
        cmd.Options.Add(force);
        cmd.Options.Add(drainTimeout);
        CommandAction.Set(cmd, async (p, ct) =>
        {
            var quiet = p.GetValue(CommandAction.Quiet);
            var result = await new Shrinker(new NodeRuntime()) { DrainTimeout = p.GetValue(drainTimeout) }.RemoveAsync(CommonOptions.StateDirOf(p), p.GetValue(node)!, p.GetValue(force),
                quiet ? null : new PhaseEventWriter(Console.Out), quiet ? null : new ConsoleLines(), ct);
            if (!quiet) Console.WriteLine($"shrink operation {result.OperationId} completed: node {p.GetValue(node)} removed; see gravity status");
            return 0;
        });
        return cmd;
    }
}

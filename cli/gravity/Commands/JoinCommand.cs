using System.CommandLine;
using Gravity.Cluster.Operations;
using Gravity.Cluster.Operations.Expand;
using Gravity.Cluster.Plans;
using Gravity.Core;

namespace Gravity.Cli.Node.Commands;

/// <summary>`gravity join PEER`: add this node to the cluster PEER belongs to.</summary>
internal static class JoinCommand
{
    public static Command Create()
    {
        var cmd = new Command("join", "Add this node to a cluster, through one of its nodes (PEER)");
        var peer = new Argument<string?>("peer") { Description = "A node of the cluster: ADDR or ADDR:PORT of its agent (the agent port by default)", Arity = ArgumentArity.ZeroOrOne };
        var token = new Option<string?>("--token") { Description = "The cluster's join token (gravity status on a cluster node prints it)" };
        var resume = new Option<bool>("--resume") { Description = "Continue the join in progress on this node" };
        var flags = new JoinFlags();
        cmd.Arguments.Add(peer);
        cmd.Options.Add(token);
        flags.AddTo(cmd);
        cmd.Options.Add(resume);

        CommandAction.Set(cmd, async (p, ct) =>
        {
            var quiet = p.GetValue(CommandAction.Quiet);
            if (!p.GetValue(resume))
                return await JoinFlags.RunAsync(flags.Request(p,
                    p.GetValue(peer) ?? throw new GravityException("gravity join: give PEER, the address of a node of the cluster (or --resume)"),
                    p.GetValue(token) ?? throw new GravityException("gravity join: --token is required (gravity status on a cluster node prints it)")), quiet, ct);
            IProgress<PhaseEvent>? progress = quiet ? null : new PhaseEventWriter(Console.Out);
            var result = await new Joiner(new NodeRuntime()).ResumeAsync(CommonOptions.StateDirOf(p), progress, ct);
            if (!quiet) Console.WriteLine($"expand operation {result.OperationId} completed: this node joined the cluster; see gravity status");
            return 0;
        });
        return cmd;
    }
}

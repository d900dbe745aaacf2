using System.CommandLine;
using Gravity.Cluster.Operations.Expand;

namespace Gravity.Cli.Node.Commands;

/// <summary>The flags `gravity join` and `gravity autojoin` share: everything of a join but the peer and the token.</summary>
internal sealed class JoinFlags
{
    private readonly NodeFlagOptions node = new("the first profile of the installed flavor not yet full");

    public void AddTo(Command cmd) => node.AddTo(cmd);

    public JoinRequest Request(ParseResult p, string peer, string token) => node.Fill(p, new JoinRequest { Peer = peer, Token = token });

    /// <summary>Runs the join as `gravity join` does, with its output.</summary>
    public static async Task<int> RunAsync(JoinRequest request, bool quiet, CancellationToken ct)
    {
        IProgress<Cluster.Plans.PhaseEvent>? progress = quiet ? null : new Cluster.Plans.PhaseEventWriter(Console.Out);
        var result = await new Joiner(new Cluster.Operations.NodeRuntime()).JoinAsync(request, progress, quiet ? null : new ConsoleLines(), ct);
        if (request.Manual)
        {
            Console.WriteLine($"created the plan of expand operation {result.OperationId}; run it with: gravity plan resume (or gravity plan execute --phase P)");
            return 0;
        }
        if (!quiet) Console.WriteLine($"expand operation {result.OperationId} completed: this node joined the cluster; see gravity status");
        return 0;
    }
}

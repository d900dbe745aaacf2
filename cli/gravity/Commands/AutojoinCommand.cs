using System.CommandLine;
using Gravity.Cluster.Operations.Expand.Discovery;

namespace Gravity.Cli.Node.Commands;

/// <summary>`gravity autojoin CLUSTER`: find a peer and the join token through discovery, then join as `gravity join` does.</summary>
internal static class AutojoinCommand
{
    public static Command Create()
    {
        var cmd = new Command("autojoin", "Join cluster CLUSTER, its peer and join token found through discovery " +
                                          "(AWS SSM Parameter Store /telekube/CLUSTER/service and /token by default; --discovery-file or --discovery-url otherwise)");
        var cluster = new Argument<string>("cluster") { Description = "Name of the cluster to join" };
        var join = new JoinFlags();
        var discovery = new DiscoveryFlags();
        cmd.Arguments.Add(cluster);
        join.AddTo(cmd);
        discovery.AddTo(cmd, withUrl: true);
        CommandAction.Set(cmd, async (p, ct) =>
        {
            var quiet = p.GetValue(CommandAction.Quiet);
            var name = JoinDiscoveryValidation.ClusterName(p.GetValue(cluster)!);
            var provider = discovery.Discovery(p);
            var found = await provider.DiscoverAsync(name, ct);
            if (!quiet) Console.WriteLine($"discovered {found} through {provider.Provider}");
            return await JoinFlags.RunAsync(join.Request(p, found.Peer, found.Token), quiet, ct);
        });
        return cmd;
    }
}

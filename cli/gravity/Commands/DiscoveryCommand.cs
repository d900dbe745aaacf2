using System.CommandLine;
using Gravity.Cluster.Operations.Expand;
using Gravity.Cluster.Operations.Expand.Discovery;
using Gravity.Core;

namespace Gravity.Cli.Node.Commands;

/// <summary>`gravity discovery publish`: what `gravity autojoin` discovers, written by a node of the cluster.</summary>
internal static class DiscoveryCommand
{
    public static Command Create()
    {
        var cmd = new Command("discovery", "Publish this cluster for gravity autojoin");
        var publish = new Command("publish", "Write this node's agent address and the cluster's join token where gravity autojoin looks " +
                                             "(SSM: /telekube/CLUSTER/service as a String, /telekube/CLUSTER/token as a SecureString; or --discovery-file, 0600)");
        var peer = new Option<string?>("--peer") { Description = "The address to publish (default: https://ADVERTISE-ADDR:HEALTH-PORT of this node; a load balancer in front of the masters)" };
        var flags = new DiscoveryFlags();
        publish.Options.Add(peer);
        flags.AddTo(publish, withUrl: false);
        CommandAction.Set(publish, async (p, ct) =>
        {
            if (p.GetValue(peer) is { } given) JoinPeerClient.PeerUrl(given, NodeDefaults.HealthPort); // refused before anything is written
            var record = await JoinDiscoveryRecordReader.ReadAsync(CommonOptions.StateDirOf(p), p.GetValue(peer), ct);
            var publisher = flags.Publisher(p);
            var written = await publisher.PublishAsync(record, ct);
            if (!p.GetValue(CommandAction.Quiet))
                Console.WriteLine($"published {record} through {publisher.Provider}: {string.Join(", ", written)}");
            return 0;
        });
        cmd.Subcommands.Add(publish);
        return cmd;
    }
}

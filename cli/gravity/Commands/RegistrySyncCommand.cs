using System.CommandLine;
using System.Globalization;
using Gravity.Cli;
using Gravity.Cluster.Operations;
using Gravity.Cluster.Registry;
using Gravity.Cluster.Runtime;
using Gravity.Core;
using Gravity.Oci.Registry;

namespace Gravity.Cli.Node.Commands;

/// <summary>`gravity registry sync SOURCE`: copy what another master's registry holds into this node's registry.</summary>
internal static class RegistrySyncCommand
{
    public static Command Create()
    {
        var source = new Argument<string>("source") { Description = "host:port of the registry to copy from (another master's cluster registry)" };
        var cmd = new Command("sync", "Copy every repository, tag and missing blob of another master's registry into this node's registry");
        cmd.Arguments.Add(source);
        CommandAction.Set(cmd, async (p, ct) =>
        {
            var node = NodeAgentConfig.Load(CommonOptions.StateDirOf(p)).Node;
            using var client = new RegistryClient(new NodeRuntime().ClusterRegistryOptions(node));
            var quiet = p.GetValue(CommandAction.Quiet);
            var s = await new ClusterRegistrySync(node.Folder.RegistryData, node.ServiceUid, node.ServiceGid)
                .SyncAsync(client, p.GetValue(source)!, quiet ? null : Console.WriteLine, ct);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"synced {s.Repositories} repositories, {s.Tags} tags ({s.TagsUpToDate} already here): {s.BlobsCopied} blob(s) copied " +
                $"({ByteSize.Format(s.BytesCopied)}), {s.BlobsSkipped} already here, {s.ManifestsStored} manifest(s) stored, in {s.Elapsed.TotalSeconds:F2} s"));
            return 0;
        });
        return cmd;
    }
}

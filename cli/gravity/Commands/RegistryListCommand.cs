using System.CommandLine;
using System.Text;
using Gravity.Cli;
using Gravity.Cluster.Operations;
using Gravity.Cluster.Plans;
using Gravity.Oci.Registry;

namespace Gravity.Cli.Node.Commands;

/// <summary>`gravity registry list`: the images in the cluster registry.</summary>
internal static class RegistryListCommand
{
    public static Command Create()
    {
        var cmd = new Command("list", "List the images in the cluster registry");
        var registry = new Option<string?>("--registry") { Description = "Registry address (default: this node's cluster registry, else 127.0.0.1:5000)" };
        var format = new Option<string>("--format") { Description = "text, json or yaml", DefaultValueFactory = _ => "text" };
        cmd.Options.Add(registry);
        cmd.Options.Add(format);
        CommandAction.Set(cmd, async (p, ct) =>
        {
            var node = Gravity.Cluster.Runtime.NodeAgentConfig.TryLoad(CommonOptions.StateDirOf(p))?.Node;
            var address = p.GetValue(registry) ?? node?.RegistryAddress ?? $"127.0.0.1:{Gravity.Core.NodeDefaults.RegistryPort}";
            var options = node is not null ? new NodeRuntime().ClusterRegistryOptions(node) : new RegistryClientOptions { Insecure = true };
            using var client = new RegistryClient(options);
            var images = await RegistryLister.ListAsync(client, address, ct);
            Console.Write(ViewSerializer.Format(images, p.GetValue(format)!, Text));
            return 0;
        });
        return cmd;
    }

    private static string Text(IReadOnlyList<RegistryImage> images)
    {
        var rows = images.Select(i => (Image: $"{i.Repository}:{i.Tag}", Digest: i.Digest ?? "-")).ToList();
        var width = Math.Max("Image".Length, rows.Count == 0 ? 0 : rows.Max(r => r.Image.Length));
        var sb = new StringBuilder();
        sb.AppendLine($"{"Image".PadRight(width)}   Digest");
        sb.AppendLine($"{"-----".PadRight(width)}   ------");
        foreach (var (image, digest) in rows) sb.AppendLine($"{image.PadRight(width)}   {digest}");
        return sb.ToString();
    }
}

internal static partial class RegistryCommand
{
    static partial void AddMore(Command registry) => registry.Subcommands.Add(RegistryListCommand.Create());
}

using System.CommandLine;
using System.Globalization;
using Gravity.Cli;
using Gravity.Cluster.Operations;
using Gravity.Cluster.Operations.Upload;
using Gravity.Core;

namespace Gravity.Cli.Node.Commands;

/// <summary>`gravity upload`: import a newer cluster image of the cluster's application into the cluster (every master), for an upgrade.</summary>
internal static class UploadCommand
{
    public static Command Create()
    {
        var cmd = new Command("upload", "Import the cluster image (packages, container images, gravity binary) into the cluster, on every master, for an upgrade");
        var from = new Option<string?>("--from") { Description = "The unpacked cluster image folder (default: the folder of the gravity binary)" };
        var registry = new Option<string?>("--registry") { Description = "Push the container images into this registry (ADDR:PORT) only, instead of importing the image into the cluster" };
        cmd.Options.Add(from);
        cmd.Options.Add(registry);
        CommandAction.Set(cmd, async (p, ct) =>
        {
            var quiet = p.GetValue(CommandAction.Quiet);
            var imageDir = p.GetValue(from) ?? AppContext.BaseDirectory;
            var stateDir = CommonOptions.StateDirOf(p);
            if (p.GetValue(registry) is { } address)
            {
                var pushed = await new ImageUploader(new NodeRuntime()).UploadAsync(imageDir, stateDir, address, quiet ? null : Console.WriteLine, ct);
                if (!quiet) Console.WriteLine($"uploaded {pushed.Count} image(s)");
                return 0;
            }
            var node = Gravity.Cluster.Runtime.NodeAgentConfig.TryLoad(stateDir)?.Node
                ?? throw new GravityException($"no cluster is installed in {stateDir}: run gravity upload on a master of the cluster (or pass --registry ADDR)");
            var time = TimeProvider.System;
            Action<string>? step = quiet ? null : line => Console.WriteLine($"{GuideTime(time.GetUtcNow())} {line}");
            await new ClusterUpload(new NodeRuntime(), time, step).UploadAsync(imageDir, node, ct);
            return 0;
        });
        return cmd;
    }

    /// <summary>The guide's time prefix: "Wed Jan 14 17:02:20 UTC".</summary>
    internal static string GuideTime(DateTimeOffset t) => t.UtcDateTime.ToString("ddd MMM d HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);
}

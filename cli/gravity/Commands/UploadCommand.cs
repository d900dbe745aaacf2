using System.CommandLine;
using Gravity.Cli;
using Gravity.Cluster.Operations;

namespace Gravity.Cli.Node.Commands;

/// <summary>`gravity upload`: push the container images of an unpacked cluster image into the cluster registry.</summary>
internal static class UploadCommand
{
    public static Command Create()
    {
        var cmd = new Command("upload", "Import the cluster image's container images into the cluster registry");
        var from = new Option<string?>("--from") { Description = "The unpacked cluster image folder (default: the folder of the gravity binary)" };
        var registry = new Option<string?>("--registry") { Description = "Registry address (default: this node's cluster registry)" };
        cmd.Options.Add(from);
        cmd.Options.Add(registry);
        CommandAction.Set(cmd, async (p, ct) =>
        {
            var quiet = p.GetValue(CommandAction.Quiet);
            var pushed = await new ImageUploader(new NodeRuntime()).UploadAsync(p.GetValue(from) ?? AppContext.BaseDirectory, CommonOptions.StateDirOf(p),
                p.GetValue(registry), quiet ? null : Console.WriteLine, ct);
            if (!quiet) Console.WriteLine($"uploaded {pushed.Count} image(s)");
            return 0;
        });
        return cmd;
    }
}

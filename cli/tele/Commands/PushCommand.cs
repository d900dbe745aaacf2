using System.CommandLine;
using Gravity.Core;
using Gravity.Hub.Client;
using Spectre.Console;

namespace Gravity.Cli.Tele.Commands;

/// <summary>`tele push [-f] FILE`: publishes a cluster image to the active Hub, uploading only what it lacks, resumably.</summary>
internal static class PushCommand
{
    public static Command Create()
    {
        var force = new Option<bool>("--force", "-f") { Description = "Overwrite the version if it is already published" };
        var file = new Argument<string>("tarball") { Description = "Cluster image built by tele build" };
        var cmd = new Command("push", "Push a cluster image to the Hub for publishing");
        cmd.Options.Add(force);
        cmd.Arguments.Add(file);

        Gravity.Cli.CommandAction.Set(cmd, async (parseResult, ct) =>
        {
            var path = parseResult.GetValue(file)!;
            if (!File.Exists(path)) throw new GravityException($"{path}: no such file");
            var credentials = TeleSession.Require(CredentialsFile.Default());
            using var client = HubSession.Client(parseResult, credentials);
            var pusher = new ClusterImagePusher(client, new UploadStateStore(Path.Combine(CredentialsFile.DefaultHome(), "uploads")));
            PushResult result;
            if (Gravity.Cli.CommandAction.Interactive(parseResult))
            {
                var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
                result = await console.Progress()
                    .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new DownloadedColumn(), new TransferSpeedColumn())
                    .StartAsync(async ctx =>
                    {
                        var task = ctx.AddTask($"pushing {Path.GetFileName(path)}");
                        var r = await pusher.PushAsync(path, credentials.User, parseResult.GetValue(force),
                            new SyncProgress<TransferProgress>(p => { task.MaxValue = Math.Max(1, p.BytesTotal); task.Value = p.BytesDone; }), ct);
                        task.Value = task.MaxValue;
                        return r;
                    });
            }
            else
            {
                result = await pusher.PushAsync(path, credentials.User, parseResult.GetValue(force), null, ct);
            }
            if (!parseResult.GetValue(Gravity.Cli.CommandAction.Quiet))
                Console.WriteLine($"{result.Entry.Name}:{result.Entry.Version} pushed to {credentials.Hub.TrimEnd('/')} " +
                                  $"({result.BlobsUploaded} files uploaded ({ByteSize.Format(result.BytesUploaded)}), {result.BlobsSkipped} already there)");
            return 0;
        });
        return cmd;
    }
}

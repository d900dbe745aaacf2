using System.CommandLine;
using Gravity.Hub.Client;
using Spectre.Console;

namespace Gravity.Cli.Tele.Commands;

/// <summary>`tele pull NAME[:VERSION] [-o FILE]`: downloads a published cluster image, byte-identical and verified.</summary>
internal static class PullCommand
{
    public static Command Create()
    {
        var output = new Option<string?>("-o", "--output") { Description = "Name of the output tarball (default NAME-VERSION.tar)" };
        var application = new Argument<string>("application") { Description = "NAME or NAME:VERSION (latest version when omitted)" };
        var cmd = new Command("pull", "Download a cluster image from the Hub");
        cmd.Options.Add(output);
        cmd.Arguments.Add(application);

        Gravity.Cli.CommandAction.Set(cmd, async (parseResult, ct) =>
        {
            var (name, version) = TeleSession.ParseApplication(parseResult.GetValue(application)!);
            var credentials = TeleSession.Require(CredentialsFile.Default());
            using var client = HubSession.Client(parseResult, credentials);
            var puller = new ClusterImagePuller(client);
            PullResult result;
            if (Gravity.Cli.CommandAction.Interactive(parseResult))
            {
                var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
                result = await console.Progress()
                    .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new DownloadedColumn(), new TransferSpeedColumn())
                    .StartAsync(async ctx =>
                    {
                        var task = ctx.AddTask($"pulling {name}{(version is null ? "" : ":" + version)}");
                        var r = await puller.PullAsync(name, version, parseResult.GetValue(output),
                            new SyncProgress<TransferProgress>(p => { task.MaxValue = Math.Max(1, p.BytesTotal); task.Value = p.BytesDone; }), ct);
                        task.Value = task.MaxValue;
                        return r;
                    });
            }
            else
            {
                result = await puller.PullAsync(name, version, parseResult.GetValue(output), null, ct);
            }
            if (!parseResult.GetValue(Gravity.Cli.CommandAction.Quiet))
                Console.WriteLine($"{result.Name}:{result.Version} saved to {result.Path} ({Gravity.Core.ByteSize.Format(result.Size)}, {result.ArchiveDigest})");
            return 0;
        });
        return cmd;
    }
}

using System.CommandLine;
using Gravity.Core;
using Gravity.Packaging.ClusterImage;
using Spectre.Console;

namespace Gravity.Cli.Tele.Commands;

/// <summary>`tele inspect FILE`: what a cluster image holds, read from its head only.</summary>
internal static class InspectCommand
{
    public static Command Create()
    {
        var file = new Argument<string>("file") { Description = "The cluster image (.tar)" };
        var format = new Option<string>("--format") { Description = "text or json", DefaultValueFactory = _ => "text" };
        format.AcceptOnlyFromAmong("text", "json");
        var cmd = new Command("inspect", "Show the name, version and images of a cluster image");
        cmd.Arguments.Add(file);
        cmd.Options.Add(format);
        CommandAction.Set(cmd, async (parseResult, ct) =>
        {
            var path = parseResult.GetValue(file)!;
            if (!File.Exists(path)) throw new GravityException($"{path}: no such file");
            var report = await ClusterImageInspector.InspectAsync(path, ct);
            if (parseResult.GetValue(format) == "json")
            {
                Console.WriteLine(report.ToJson());
                return 0;
            }
            var console = AnsiConsole.Console;
            console.WriteLine($"Name:     {report.Name}");
            console.WriteLine($"Version:  {report.Version}");
            console.WriteLine($"Created:  {report.Created:yyyy-MM-ddTHH:mm:ssZ}");
            console.WriteLine($"Registry: {report.Registry}");
            console.WriteLine($"File:     {report.File} ({ByteSize.Format(report.FileSize)}, {report.Entries} entries)");
            var table = new Table().AddColumns("Image", "Platforms", "Size", "Digest");
            table.Columns[2].RightAligned();
            foreach (var i in report.Images)
                table.AddRow(Markup.Escape(i.Reference), Markup.Escape(string.Join(", ", i.Platforms)), ByteSize.Format(i.Size), i.Digest.ToString()[..19]);
            console.Write(table);
            console.WriteLine($"Images total:   {ByteSize.Format(report.TotalBytes)} ({report.TotalBytes} bytes)");
            console.WriteLine($"Stored (dedup): {ByteSize.Format(report.UniqueBytes)} ({report.UniqueBytes} bytes)");
            console.WriteLine($"Resources:      {report.Resources.Count}");
            return 0;
        });
        return cmd;
    }
}

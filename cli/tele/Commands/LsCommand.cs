using System.CommandLine;
using System.Text.Json;
using Gravity.Core;
using Gravity.Hub.Client;
using Spectre.Console;

namespace Gravity.Cli.Tele.Commands;

/// <summary>`tele ls [--format json]`: the cluster images published in the active Hub.</summary>
internal static class LsCommand
{
    public static Command Create()
    {
        var format = new Option<string>("--format") { Description = "text or json", DefaultValueFactory = _ => "text" };
        format.AcceptOnlyFromAmong("text", "json");
        var cmd = new Command("ls", "List the applications published in the Hub");
        cmd.Options.Add(format);

        Gravity.Cli.CommandAction.Set(cmd, async (parseResult, ct) =>
        {
            var credentials = TeleSession.Require(CredentialsFile.Default());
            using var client = HubSession.Client(parseResult, credentials);
            var apps = await client.ListAppsAsync(ct: ct);
            if (parseResult.GetValue(format) == "json")
            {
                Console.WriteLine(JsonSerializer.Serialize(apps, new JsonSerializerOptions { WriteIndented = true }));
                return 0;
            }
            if (apps.Count == 0)
            {
                Console.WriteLine($"no applications published in {credentials.Hub.TrimEnd('/')}");
                return 0;
            }
            var table = new Table().Border(TableBorder.Simple).AddColumns("Name", "Version", "Size", "Publisher", "Created");
            foreach (var a in apps)
                table.AddRow(Markup.Escape(a.Name), Markup.Escape(a.Version), ByteSize.Format(a.Size), Markup.Escape(a.Publisher), TeleSession.FormatTime(a.Created));
            AnsiConsole.Write(table);
            return 0;
        });
        return cmd;
    }
}

using System.CommandLine;
using System.Text.Json;
using Gravity.Health.History;

namespace Gravity.Cli.Node.Commands;

/// <summary>`gravity status history`: the status events of the last 7 days, one line each.</summary>
internal static class StatusHistoryCommand
{
    public static Command Create()
    {
        var format = new Option<string>("--format") { Description = "text or json", DefaultValueFactory = _ => "text" };
        format.AcceptOnlyFromAmong("text", "json");
        var cmd = new Command("history", "Print the timeline of changes to the cluster's status");
        cmd.Options.Add(format);
        Gravity.Cli.CommandAction.Set(cmd, async (parseResult, ct) =>
        {
            var dir = CommonOptions.StateDirOf(parseResult);
            if (!Directory.Exists(dir)) throw new Gravity.Core.GravityException($"{dir} does not exist: no cluster is installed here (wrong --state-dir?)");
            var events = await new HistoryStore(dir).ListAsync(ct);
            if (parseResult.GetValue(format) == "json")
                Console.WriteLine(JsonSerializer.Serialize(events.Select(e => new
                {
                    time = e.TimeUtcSeconds, type = e.Type.Display(), node = e.Node, checker = e.Checker, detail = e.Detail,
                }), new JsonSerializerOptions { WriteIndented = true }));
            else
                foreach (var e in events) Console.WriteLine(e.Format());
            return 0;
        });
        return cmd;
    }
}

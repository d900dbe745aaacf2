using System.CommandLine;

namespace Gravity.Cli.Node.Commands;

/// <summary>`gravity hub`: run a Hub (registry + catalog + accounts) and administer its users, keys and repositories.</summary>
internal static class HubCommand
{
    public static Command Create()
    {
        var cmd = new Command("hub", "Run a Hub and manage its users, API keys and public repositories");
        cmd.Subcommands.Add(HubServeCommand.Create());
        cmd.Subcommands.Add(HubUsersCommand.Create());
        cmd.Subcommands.Add(HubKeysCommand.Create());
        cmd.Subcommands.Add(HubReposCommand.Create());
        return cmd;
    }

    /// <summary>Where the Hub keeps its data: the admin commands work on it directly (run them where the Hub runs).</summary>
    public static (Option<string> DataDir, Option<string?> Database) StorageOptions() => (
        new Option<string>("--data-dir") { Description = "The Hub's data folder", Required = true },
        new Option<string?>("--database") { Description = "postgres://user:password@host:port/db (default: SQLite in the data folder)" });

    public static async Task<Gravity.Hub.Accounts.AccountService> OpenAsync(ParseResult parseResult, (Option<string> DataDir, Option<string?> Database) storage, CancellationToken ct)
    {
        try
        {
            return await Gravity.Hub.Accounts.HubAccounts.OpenAsync(parseResult.GetValue(storage.DataDir)!, parseResult.GetValue(storage.Database), ct: ct);
        }
        catch (FormatException e) { throw new Gravity.Core.GravityException(e.Message); }
    }
}

using System.CommandLine;
using System.Text.Json;
using Gravity.Core;
using Spectre.Console;

namespace Gravity.Cli.Node.Commands;

/// <summary>`gravity hub keys create|ls|revoke`: API keys for tele login --key and for registry clients.</summary>
internal static class HubKeysCommand
{
    public static Command Create()
    {
        var cmd = new Command("keys", "Manage API keys");
        cmd.Subcommands.Add(CreateKey());
        cmd.Subcommands.Add(List());
        cmd.Subcommands.Add(Revoke());
        return cmd;
    }

    private static Command CreateKey()
    {
        var storage = HubCommand.StorageOptions();
        var user = new Option<string>("--user") { Description = "The user the key acts as", Required = true };
        var cmd = new Command("create", "Create an API key (printed once: store it safely)");
        foreach (var o in new Option[] { user, storage.DataDir, storage.Database }) cmd.Options.Add(o);
        Gravity.Cli.CommandAction.Set(cmd, async (parseResult, ct) =>
        {
            var accounts = await HubCommand.OpenAsync(parseResult, storage, ct);
            var (record, key) = await accounts.CreateApiKeyAsync(parseResult.GetValue(user)!, ct);
            Console.Error.WriteLine($"key {record.Id} created for {record.User}; it is shown only now:");
            Console.WriteLine(key);
            return 0;
        });
        return cmd;
    }

    private static Command List()
    {
        var storage = HubCommand.StorageOptions();
        var format = new Option<string>("--format") { Description = "text or json", DefaultValueFactory = _ => "text" };
        var cmd = new Command("ls", "List API keys (never the keys themselves)");
        foreach (var o in new Option[] { format, storage.DataDir, storage.Database }) cmd.Options.Add(o);
        Gravity.Cli.CommandAction.Set(cmd, async (parseResult, ct) =>
        {
            var accounts = await HubCommand.OpenAsync(parseResult, storage, ct);
            var keys = await accounts.Store.ListApiKeysAsync(ct);
            if (parseResult.GetValue(format) == "json")
            {
                Console.WriteLine(JsonSerializer.Serialize(keys.Select(k => new { id = k.Id, user = k.User, created = k.Created, revoked = k.Revoked })));
                return 0;
            }
            var table = new Table().AddColumns("ID", "User", "Created", "Status");
            foreach (var k in keys)
                table.AddRow(k.Id, Markup.Escape(k.User), k.Created.ToString("yyyy-MM-dd HH:mm 'UTC'"), k.Revoked is { } r ? $"revoked {r:yyyy-MM-dd HH:mm} UTC" : "active");
            AnsiConsole.Write(table);
            return 0;
        });
        return cmd;
    }

    private static Command Revoke()
    {
        var storage = HubCommand.StorageOptions();
        var id = new Argument<string>("id") { Description = "Key ID (from keys ls)" };
        var cmd = new Command("revoke", "Revoke an API key (tokens obtained with it stop working too)");
        cmd.Arguments.Add(id);
        foreach (var o in new Option[] { storage.DataDir, storage.Database }) cmd.Options.Add(o);
        Gravity.Cli.CommandAction.Set(cmd, async (parseResult, ct) =>
        {
            var accounts = await HubCommand.OpenAsync(parseResult, storage, ct);
            var keyId = parseResult.GetValue(id)!;
            if (!await accounts.Store.RevokeApiKeyAsync(keyId, DateTimeOffset.UtcNow, ct)) throw new GravityException($"no active key '{keyId}'");
            Console.WriteLine($"key {keyId} revoked");
            return 0;
        });
        return cmd;
    }
}

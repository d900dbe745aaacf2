using System.CommandLine;
using System.Text.Json;
using Gravity.Core;
using Gravity.Hub.Accounts;
using Spectre.Console;

namespace Gravity.Cli.Node.Commands;

/// <summary>`gravity hub users add|ls|rm`.</summary>
internal static class HubUsersCommand
{
    public static Command Create()
    {
        var cmd = new Command("users", "Manage the Hub's users");
        cmd.Subcommands.Add(Add());
        cmd.Subcommands.Add(List());
        cmd.Subcommands.Add(Remove());
        return cmd;
    }

    private static Command Add()
    {
        var storage = HubCommand.StorageOptions();
        var name = new Argument<string>("name") { Description = "User name" };
        var roles = new Option<string>("--roles") { Description = "@teleadmin (or teleadmin), publisher, @reader (or reader); comma-separated", Required = true };
        var passwordStdin = new Option<bool>("--password-stdin") { Description = "Read the password from the first line of stdin (otherwise the user logs in with API keys only)" };
        var cmd = new Command("add", "Add a user");
        cmd.Arguments.Add(name);
        foreach (var o in new Option[] { roles, passwordStdin, storage.DataDir, storage.Database }) cmd.Options.Add(o);
        Gravity.Cli.CommandAction.Set(cmd, async (parseResult, ct) =>
        {
            IReadOnlyList<string> parsedRoles;
            try { parsedRoles = Roles.Parse(parseResult.GetValue(roles)!); }
            catch (FormatException e) { throw new GravityException($"--roles: {e.Message}"); }
            string? password = null;
            if (parseResult.GetValue(passwordStdin))
            {
                password = (await Console.In.ReadLineAsync(ct))?.TrimEnd('\r');
                if (string.IsNullOrEmpty(password)) throw new GravityException("--password-stdin: no password on stdin");
            }
            var accounts = await HubCommand.OpenAsync(parseResult, storage, ct);
            var user = await accounts.AddUserAsync(parseResult.GetValue(name)!, parsedRoles, password, ct);
            Console.WriteLine($"user {user.Name} added with roles {Roles.Format(user.Roles)}");
            return 0;
        });
        return cmd;
    }

    private static Command List()
    {
        var storage = HubCommand.StorageOptions();
        var format = new Option<string>("--format") { Description = "text or json", DefaultValueFactory = _ => "text" };
        var cmd = new Command("ls", "List users");
        foreach (var o in new Option[] { format, storage.DataDir, storage.Database }) cmd.Options.Add(o);
        Gravity.Cli.CommandAction.Set(cmd, async (parseResult, ct) =>
        {
            var accounts = await HubCommand.OpenAsync(parseResult, storage, ct);
            var users = await accounts.Store.ListUsersAsync(ct);
            if (parseResult.GetValue(format) == "json")
            {
                Console.WriteLine(JsonSerializer.Serialize(users.Select(u => new { name = u.Name, roles = u.Roles, created = u.Created, password = u.PasswordHash is not null })));
                return 0;
            }
            var table = new Table().AddColumns("Name", "Roles", "Password", "Created");
            foreach (var u in users) table.AddRow(Markup.Escape(u.Name), Markup.Escape(Roles.Format(u.Roles)), u.PasswordHash is null ? "no" : "yes", u.Created.ToString("yyyy-MM-dd HH:mm 'UTC'"));
            AnsiConsole.Write(table);
            return 0;
        });
        return cmd;
    }

    private static Command Remove()
    {
        var storage = HubCommand.StorageOptions();
        var name = new Argument<string>("name") { Description = "User name" };
        var cmd = new Command("rm", "Remove a user (their API keys are revoked)");
        cmd.Arguments.Add(name);
        foreach (var o in new Option[] { storage.DataDir, storage.Database }) cmd.Options.Add(o);
        Gravity.Cli.CommandAction.Set(cmd, async (parseResult, ct) =>
        {
            var accounts = await HubCommand.OpenAsync(parseResult, storage, ct);
            var n = parseResult.GetValue(name)!;
            if (!await accounts.Store.DeleteUserAsync(n, ct)) throw new GravityException($"no user '{n}'");
            Console.WriteLine($"user {n} removed");
            return 0;
        });
        return cmd;
    }
}

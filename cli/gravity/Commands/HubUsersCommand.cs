using System.CommandLine;
using System.Text.Json;
using Gravity.Core;
using Gravity.Hub.Accounts;
using Spectre.Console;

namespace Gravity.Cli.Node.Commands;

/// <summary>`gravity hub users add|ls|rm|unlock`.</summary>
internal static class HubUsersCommand
{
    public static Command Create()
    {
        var cmd = new Command("users", "Manage the Hub's users");
        cmd.Subcommands.Add(Add());
        cmd.Subcommands.Add(List());
        cmd.Subcommands.Add(Remove());
        cmd.Subcommands.Add(Unlock());
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
            var now = accounts.Signer.Time.GetUtcNow();
            var counted = await accounts.Throttle.ListAsync(ct);
            var failures = counted.Where(f => f.Kind == LockoutKind.User).ToDictionary(f => f.Name);
            DateTimeOffset? LockedUntil(string user) => failures.GetValueOrDefault(user)?.LockedUntil is { } until && until > now ? until : null;
            if (parseResult.GetValue(format) == "json")
            {
                Console.WriteLine(JsonSerializer.Serialize(users.Select(u => new
                {
                    name = u.Name, roles = u.Roles, created = u.Created, password = u.PasswordHash is not null,
                    failedLogins = failures.GetValueOrDefault(u.Name)?.Failures ?? 0, lockedUntil = LockedUntil(u.Name),
                })));
                return 0;
            }
            var table = new Table().AddColumns("Name", "Roles", "Password", "Created", "Locked");
            foreach (var u in users)
                table.AddRow(Markup.Escape(u.Name), Markup.Escape(Roles.Format(u.Roles)), u.PasswordHash is null ? "no" : "yes", u.Created.ToString("yyyy-MM-dd HH:mm 'UTC'"),
                    LockedUntil(u.Name) is { } until ? $"until {until.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC ({failures[u.Name].Failures} failed logins)" : "no");
            AnsiConsole.Write(table);
            foreach (var a in counted.Where(f => f.Kind == LockoutKind.Address && f.LockedUntil > now))
                Console.WriteLine($"address {a.Name} locked until {a.LockedUntil!.Value.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC ({a.Failures} failed logins): gravity hub users unlock --address {a.Name}");
            return 0;
        });
        return cmd;
    }

    private static Command Unlock()
    {
        var storage = HubCommand.StorageOptions();
        var name = new Argument<string?>("name") { Description = "User name", Arity = ArgumentArity.ZeroOrOne };
        var address = new Option<string?>("--address") { Description = "Unlock a client address instead of a user" };
        var cmd = new Command("unlock", "Lift the lockout (and forget the failed logins) of a user or a client address");
        cmd.Arguments.Add(name);
        foreach (var o in new Option[] { address, storage.DataDir, storage.Database }) cmd.Options.Add(o);
        Gravity.Cli.CommandAction.Set(cmd, async (parseResult, ct) =>
        {
            var (user, ip) = (parseResult.GetValue(name), parseResult.GetValue(address));
            if ((user is null) == (ip is null)) throw new GravityException("give either a user name or --address ADDRESS");
            var accounts = await HubCommand.OpenAsync(parseResult, storage, ct);
            var cleared = user is not null ? await accounts.Throttle.UnlockUserAsync(user, ct) : await accounts.Throttle.UnlockAddressAsync(ip!, ct);
            Console.WriteLine(cleared ? $"{(user is not null ? "user " + user : "address " + ip)} unlocked" : $"no failed logins counted for {(user is not null ? "user " + user : "address " + ip)}");
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

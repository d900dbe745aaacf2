using System.CommandLine;
using System.Text;
using Gravity.Core;
using Gravity.Hub.Client;

namespace Gravity.Cli.Tele.Commands;

/// <summary>`tele login -o HUB [--key KEY] [cluster]`: exchanges a password or API key for a session token kept in a 0600 file.</summary>
internal static class LoginCommand
{
    public static Command Create()
    {
        var hub = new Option<string>("-o", "--hub") { Description = "Hub to log in to (host[:port] or https://host[:port])", Required = true };
        var key = new Option<string?>("--key", "--token") { Description = "API key (instead of user and password)" };
        var user = new Option<string?>("--user", "-u") { Description = "User name (asked when neither it nor --key is given)" };
        var caCert = new Option<string?>("--ca-cert") { Description = "CA certificate (PEM) that signed the Hub's certificate" };
        var cluster = new Argument<string?>("cluster") { Description = "The remote cluster to connect to", Arity = ArgumentArity.ZeroOrOne };
        var cmd = new Command("login", "Log in to a Hub and make it the active one for push, pull, ls and rm");
        foreach (var o in new Option[] { hub, key, user, caCert }) cmd.Options.Add(o);
        cmd.Arguments.Add(cluster);

        Gravity.Cli.CommandAction.Set(cmd, async (parseResult, ct) =>
        {
            var address = HubConnection.ParseHubAddress(parseResult.GetValue(hub)!);
            var connection = new HubConnection(address, Gravity.Cli.CommonOptions.InsecureOf(parseResult), parseResult.GetValue(caCert));
            var apiKey = parseResult.GetValue(key);
            string name, secret;
            if (apiKey is not null)
            {
                (name, secret) = (parseResult.GetValue(user) ?? "", apiKey);
            }
            else
            {
                name = parseResult.GetValue(user) ?? Prompt("Username: ", echo: true);
                secret = Prompt("Password: ", echo: false);
            }
            using var client = new HubClient(connection);
            var login = await client.LoginAsync(name, secret, ct);
            var credentials = new HubCredentials
            {
                Hub = address.ToString(), User = login.User, Token = login.Token, Expires = login.Expires,
                Cluster = parseResult.GetValue(cluster), Insecure = connection.Insecure, CaCertificatePath = connection.CaCertificatePath is { } ca ? Path.GetFullPath(ca) : null,
            };
            await CredentialsFile.Default().SaveAsync(credentials);
            foreach (var line in TeleSession.Describe(credentials, DateTimeOffset.UtcNow)) Console.WriteLine(line);
            return 0;
        });
        return cmd;
    }

    /// <summary>Reads a line from the terminal (without echo for secrets), or from stdin when it is not a terminal.</summary>
    private static string Prompt(string label, bool echo)
    {
        if (Console.IsInputRedirected) return Console.In.ReadLine()?.TrimEnd('\r') ?? throw new GravityException($"no {label.TrimEnd(':', ' ').ToLowerInvariant()} on stdin");
        Console.Error.Write(label);
        if (echo) return Console.ReadLine() ?? "";
        var text = new StringBuilder();
        while (true)
        {
            var k = Console.ReadKey(intercept: true);
            if (k.Key == ConsoleKey.Enter) break;
            if (k.Key == ConsoleKey.Backspace) { if (text.Length > 0) text.Length--; continue; }
            if (!char.IsControl(k.KeyChar)) text.Append(k.KeyChar);
        }
        Console.Error.WriteLine();
        return text.ToString();
    }
}

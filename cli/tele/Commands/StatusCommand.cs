using System.CommandLine;
using Gravity.Hub.Client;

namespace Gravity.Cli.Tele.Commands;

/// <summary>`tele status`: the active Hub, user and session expiry; exit 1 when not logged in.</summary>
internal static class StatusCommand
{
    public static Command Create()
    {
        var cmd = new Command("status", "Show the Hub you are logged in to");
        Gravity.Cli.CommandAction.Set(cmd, (_, _) =>
        {
            var credentials = CredentialsFile.Default().Load();
            if (credentials is null || credentials.IsExpired(DateTimeOffset.UtcNow))
            {
                Console.WriteLine(credentials is null ? "not logged in" : $"not logged in (the session with {credentials.Hub.TrimEnd('/')} expired)");
                return Task.FromResult(1);
            }
            foreach (var line in TeleSession.Describe(credentials, DateTimeOffset.UtcNow)) Console.WriteLine(line);
            return Task.FromResult(0);
        });
        return cmd;
    }
}

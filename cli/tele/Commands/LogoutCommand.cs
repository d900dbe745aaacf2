using System.CommandLine;
using Gravity.Hub.Client;

namespace Gravity.Cli.Tele.Commands;

/// <summary>`tele logout`: forgets the session (the token expires on its own at the Hub).</summary>
internal static class LogoutCommand
{
    public static Command Create()
    {
        var cmd = new Command("logout", "Log out of the active Hub");
        Gravity.Cli.CommandAction.Set(cmd, (_, _) =>
        {
            var file = CredentialsFile.Default();
            var previous = file.Load();
            Console.WriteLine(file.Delete() && previous is not null ? $"logged out of {previous.Hub.TrimEnd('/')}" : "not logged in");
            return Task.FromResult(0);
        });
        return cmd;
    }
}

using System.CommandLine;
using Gravity.Core;
using Gravity.Hub.Client;

namespace Gravity.Cli.Tele.Commands;

/// <summary>`tele logout`: ends the session at the Hub (its token is refused from then on) and forgets it here.</summary>
internal static class LogoutCommand
{
    public static Command Create()
    {
        var cmd = new Command("logout", "Log out of the active Hub");
        Gravity.Cli.CommandAction.Set(cmd, async (_, ct) =>
        {
            var file = CredentialsFile.Default();
            HubCredentials? previous;
            try { previous = file.Load(); }
            catch (GravityException) { previous = null; } // a damaged file holds no usable token: just remove it
            if (previous is null)
            {
                Console.WriteLine(file.Delete() ? "removed the damaged credentials file" : "not logged in");
                return 0;
            }
            string? failure = null;
            if (!previous.IsExpired(DateTimeOffset.UtcNow))
            {
                try
                {
                    using var client = HubClient.FromCredentials(previous);
                    await client.LogoutAsync(ct);
                }
                catch (GravityException e) { failure = e.Message; }
            }
            // Forgotten here in any case: keeping a token the user asked to drop would be worse than a failed revocation.
            file.Delete();
            if (failure is not null)
            {
                Console.Error.WriteLine($"logged out here, but the Hub did not end the session ({failure}): the token stays valid until {TeleSession.FormatTime(previous.Expires)}");
                return 1;
            }
            Console.WriteLine($"logged out of {previous.Hub.TrimEnd('/')}");
            return 0;
        });
        return cmd;
    }
}

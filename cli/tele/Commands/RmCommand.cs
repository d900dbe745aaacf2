using System.CommandLine;
using Gravity.Core;
using Gravity.Hub.Client;

namespace Gravity.Cli.Tele.Commands;

/// <summary>`tele rm app NAME:VERSION [--force]`: removes a published version.</summary>
internal static class RmCommand
{
    public static Command Create()
    {
        var force = new Option<bool>("--force") { Description = "Do not return an error if the application cannot be found or removed" };
        var application = new Argument<string>("application") { Description = "NAME:VERSION" };
        var app = new Command("app", "Remove an application from the Hub");
        app.Options.Add(force);
        app.Arguments.Add(application);
        Gravity.Cli.CommandAction.Set(app, async (parseResult, ct) =>
        {
            var forced = parseResult.GetValue(force);
            try
            {
                var (name, version) = TeleSession.ParseApplication(parseResult.GetValue(application)!);
                if (version is null) throw new GravityException("give the version to remove: tele rm app NAME:VERSION");
                var credentials = TeleSession.Require(CredentialsFile.Default());
                using var client = HubSession.Client(parseResult, credentials);
                if (!await client.DeleteAppAsync(name, version, ct)) throw new GravityException($"application {name}:{version} not found in {credentials.Hub.TrimEnd('/')}");
                Console.WriteLine($"{name}:{version} removed");
                return 0;
            }
            catch (GravityException e) when (forced)
            {
                Console.Error.WriteLine($"warning: {e.Message}");
                return 0;
            }
        });
        var cmd = new Command("rm", "Remove resources from the Hub");
        cmd.Subcommands.Add(app);
        return cmd;
    }
}

using System.CommandLine;
using Gravity.Hub.Client;

namespace Gravity.Cli.Tele.Commands;

/// <summary>The client of the logged-in Hub for push, pull, ls and rm: as saved by tele login, unverified TLS too when this command has --insecure.</summary>
internal static class HubSession
{
    public static HubClient Client(ParseResult parseResult, HubCredentials credentials)
        => HubClient.FromCredentials(CommonOptions.InsecureOf(parseResult) ? credentials with { Insecure = true } : credentials);
}

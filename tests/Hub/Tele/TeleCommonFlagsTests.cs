using Gravity.Hub.Accounts;
using Gravity.Hub.Client;
using Gravity.Hub.Tests.Accounts;
using Gravity.Testing;

namespace Gravity.Hub.Tests.Tele;

/// <summary>tele's common flags (here --insecure) before or after the subcommand, typed as the guides write them.</summary>
public class TeleCommonFlagsTests
{
    [Fact]
    public async Task Insecure_before_the_subcommand_reaches_a_self_signed_hub_for_login_and_ls()
    {
        await using var hub = await HubServer.StartAsync(tls: true);
        await hub.AddUserAsync("bob", Roles.Reader);
        var key = await hub.CreateKeyAsync("bob");
        using var dir = new TempDir();
        var env = new Dictionary<string, string?> { ["TELE_HOME"] = dir.Combine("home"), ["NO_COLOR"] = "1", ["HUB"] = hub.Url, ["KEY"] = key };

        var login = await GuideShell.RunAsync("tele --insecure login -o ${HUB} --key ${KEY}", dir.Path, env);
        login.ExitCode.Should().Be(0, login.Combined);
        login.StdOut.Should().Contain("Username:   bob");

        // The session as if logged in with verification: only this command's --insecure lets ls through.
        var file = new CredentialsFile(dir.Combine("home", "credentials.json"));
        await file.SaveAsync(file.Load()! with { Insecure = false });
        var verified = await GuideShell.RunAsync("tele ls", dir.Path, env);
        verified.ExitCode.Should().Be(1, "the Hub's certificate is self-signed");

        var before = await GuideShell.RunAsync("tele --insecure ls", dir.Path, env);
        before.ExitCode.Should().Be(0, before.Combined);
        before.StdOut.Should().Contain("no applications published");
        var after = await GuideShell.RunAsync("tele ls --insecure", dir.Path, env);
        after.ExitCode.Should().Be(0, after.Combined);
    }

}

using System.Text.Json;
using Gravity.Hub.Accounts;
using Gravity.Hub.Client;
using Gravity.Hub.Tests.Accounts;
using Gravity.Hub.Tests.Catalog;
using Gravity.Testing;

namespace Gravity.Hub.Tests.Tele;

/// <summary>The tele program itself against an in-process Hub: login, status, push, ls, pull, rm, logout.</summary>
public class TeleCommandTests
{
    [Fact]
    public async Task Login_push_ls_pull_rm_logout_end_to_end()
    {
        await using var hub = await HubServer.StartAsync();
        await hub.AddUserAsync("alice", Roles.Publisher);
        using var dir = new TempDir();
        var tele = new TeleProcess(dir.Combine("home"), dir.Path);
        var image = await TestClusterImage.WriteAsync(dir.Path, "shop", "1.2.3", TestClusterImage.SampleFiles(3, 50_000));

        var status = await tele.RunAsync("status");
        status.ExitCode.Should().Be(1);
        status.StdOut.Should().Contain("not logged in");

        var login = await tele.RunWithInputAsync($"alice\n{HubServer.Password}\n", "login", "--insecure", "-o", hub.Url, "remote.cluster.1234");
        login.ExitCode.Should().Be(0, login.Combined);
        login.StdOut.Should().MatchRegex(@"Hub:\s+http://127\.0\.0\.1:\d+\nUsername:\s+alice\nCluster:\s+remote\.cluster\.1234\nExpires:\s+\w{3} \w{3} \d+ \d\d:\d\d UTC \(20 hours from now\)");
        login.Combined.Should().NotContain(HubServer.Password);
        var credentialsPath = Path.Combine(tele.Home, "credentials.json");
        File.GetUnixFileMode(credentialsPath).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite);

        status = await tele.RunAsync("status");
        status.ExitCode.Should().Be(0, status.Combined);
        status.StdOut.Should().Contain("Username:   alice");

        var push = await tele.RunAsync("push", image);
        push.ExitCode.Should().Be(0, push.Combined);
        push.StdOut.Should().Contain("shop:1.2.3 pushed");
        var again = await tele.RunAsync("push", image);
        again.ExitCode.Should().Be(1);
        again.StdErr.Should().Contain("--force");
        (await tele.RunAsync("push", "-f", image)).ExitCode.Should().Be(0);

        var ls = await tele.RunAsync("ls", "--format", "json");
        ls.ExitCode.Should().Be(0, ls.Combined);
        var apps = JsonDocument.Parse(ls.StdOut).RootElement;
        apps.GetArrayLength().Should().Be(1);
        apps[0].GetProperty("name").GetString().Should().Be("shop");
        apps[0].GetProperty("version").GetString().Should().Be("1.2.3");
        apps[0].GetProperty("publisher").GetString().Should().Be("alice");
        apps[0].GetProperty("size").GetInt64().Should().Be(new FileInfo(image).Length);
        var table = await tele.RunAsync("ls");
        table.StdOut.Should().Contain("Name").And.Contain("Publisher").And.Contain("shop").And.Contain("1.2.3");

        var pull = await tele.RunAsync("pull", "shop", "-o", "copy.tar");
        pull.ExitCode.Should().Be(0, pull.Combined);
        (await File.ReadAllBytesAsync(dir.Combine("copy.tar"))).Should().Equal(await File.ReadAllBytesAsync(image));

        (await tele.RunAsync("rm", "app", "shop:1.2.3")).ExitCode.Should().Be(0);
        var missing = await tele.RunAsync("rm", "app", "shop:1.2.3");
        missing.ExitCode.Should().Be(1);
        missing.StdErr.Should().Contain("not found");
        (await tele.RunAsync("rm", "app", "shop:1.2.3", "--force")).ExitCode.Should().Be(0);

        var token = new CredentialsFile(credentialsPath).Load()!.Token;
        (await StatusWithAsync(hub, token)).Should().Be(System.Net.HttpStatusCode.OK);
        var logout = await tele.RunAsync("logout");
        logout.ExitCode.Should().Be(0, logout.Combined);
        logout.StdOut.Should().Contain("logged out");
        File.Exists(credentialsPath).Should().BeFalse();
        (await tele.RunAsync("ls")).StdErr.Should().Contain("not logged in");
        (await StatusWithAsync(hub, token)).Should().Be(System.Net.HttpStatusCode.Unauthorized, "logout ends the session at the Hub, not only here");
        using var registry = hub.Client();
        using var v2 = new HttpRequestMessage(HttpMethod.Get, "/v2/apps/shop/tags/list");
        v2.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        (await registry.SendAsync(v2)).StatusCode.Should().Be(System.Net.HttpStatusCode.Unauthorized, "the registry refuses it too");
    }

    [Fact]
    public async Task Login_to_a_plain_http_hub_is_refused_without_insecure_and_sends_nothing()
    {
        await using var hub = await HubServer.StartAsync();
        await hub.AddUserAsync("alice", Roles.Publisher);
        using var dir = new TempDir();
        var tele = new TeleProcess(dir.Combine("home"), dir.Path);

        var refused = await tele.RunWithInputAsync("alice\nwrong password\n", "login", "-o", hub.Url);
        refused.ExitCode.Should().Be(1, refused.Combined);
        refused.StdErr.Should().Contain("plain HTTP").And.Contain("--insecure").And.NotContain("401");
        File.Exists(Path.Combine(tele.Home, "credentials.json")).Should().BeFalse();
        (await hub.Accounts.Throttle.ListAsync()).Should().BeEmpty("the Hub never saw the (wrong) password: it would have counted a failed login");

        var key = await hub.CreateKeyAsync("alice");
        var keyRefused = await tele.RunAsync("login", "-o", hub.Url, "--key", key);
        keyRefused.ExitCode.Should().Be(1);
        keyRefused.StdErr.Should().Contain("--insecure");
    }

    private static async Task<System.Net.HttpStatusCode> StatusWithAsync(HubServer hub, string token)
    {
        using var http = hub.Client();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/status");
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        return (await http.SendAsync(request)).StatusCode;
    }

    [Fact]
    public async Task Login_with_api_key_and_bad_credentials()
    {
        await using var hub = await HubServer.StartAsync();
        await hub.AddUserAsync("bob", Roles.Reader);
        var key = await hub.CreateKeyAsync("bob");
        using var dir = new TempDir();
        var tele = new TeleProcess(dir.Combine("home"), dir.Path);

        var wrong = await tele.RunWithInputAsync("bob\nnot the password\n", "login", "--insecure", "-o", hub.Url);
        wrong.ExitCode.Should().Be(1);
        wrong.StdErr.Should().Contain("401");
        File.Exists(Path.Combine(tele.Home, "credentials.json")).Should().BeFalse();

        var login = await tele.RunAsync("login", "--insecure", "-o", hub.Url, "--key", key);
        login.ExitCode.Should().Be(0, login.Combined);
        login.StdOut.Should().Contain("Username:   bob");
        login.Combined.Should().NotContain(key);
        (await File.ReadAllTextAsync(Path.Combine(tele.Home, "credentials.json"))).Should().NotContain(key, "only the session token is kept");
    }

    [Fact]
    public async Task Expired_session_is_refused_with_a_hint()
    {
        using var dir = new TempDir();
        var file = new CredentialsFile(dir.Combine("credentials.json"));
        await file.SaveAsync(new HubCredentials { Hub = "https://hub.example.com/", User = "a", Token = "t", Expires = DateTimeOffset.UtcNow.AddMinutes(-1) });
        var act = () => TeleSession.Require(file);
        act.Should().Throw<Gravity.Core.GravityException>().WithMessage("*expired*tele login*");
    }

    [Fact]
    public void Session_text_follows_the_guide()
    {
        var now = DateTimeOffset.Parse("2017-02-16T20:46:00Z");
        var lines = TeleSession.Describe(new HubCredentials
        {
            Hub = "https://hub.example.com/", User = "alice@example.com", Cluster = "remote.cluster.1234", Expires = now.AddHours(19),
        }, now);
        lines.Should().Equal(
            "Hub:        https://hub.example.com",
            "Username:   alice@example.com",
            "Cluster:    remote.cluster.1234",
            "Expires:    Fri Feb 17 15:46 UTC (19 hours from now)");
    }
}

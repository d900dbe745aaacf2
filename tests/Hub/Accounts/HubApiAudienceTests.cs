using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;
using Gravity.Hub.Accounts;
using Gravity.Hub.Client;
using Gravity.Hub.Tests.Catalog;
using Gravity.Testing;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;

namespace Gravity.Hub.Tests.Accounts;

/// <summary>
/// Tokens are for one audience: a registry token (Docker's token flow, scoped to repositories) is good for /v2/ only,
/// never for the Hub's own API, whatever its user's roles; there a session token is judged by the user's roles.
/// </summary>
public class HubApiAudienceTests
{
    [Fact]
    public async Task Registry_token_of_an_admin_is_refused_on_every_hub_api_endpoint()
    {
        await using var hub = await HubServer.StartAsync();
        await hub.AddUserAsync("root", Roles.Admin);
        using var dir = new TempDir();
        var image = await TestClusterImage.WriteAsync(dir.Path, "shop", "1.0.0", TestClusterImage.SampleFiles(1, 1000));
        using (var admin = await PushPullTests.LoginAsync(hub, "root"))
            await new ClusterImagePusher(admin, new UploadStateStore(dir.Combine("uploads"))).PushAsync(image, "root", force: false);
        var registryToken = (await RegistryAuthTests.GetTokenAsync(hub, "root", HubServer.Password, "repository:x:pull")).GetProperty("token").GetString()!;
        using var http = hub.Client();

        var createUser = await SendAsync(http, HttpMethod.Post, "/api/v1/users", registryToken, """{"name":"mallory","roles":["@teleadmin"],"password":"a-long-password"}""");
        createUser.Should().BeOneOf(HttpStatusCode.Unauthorized, HttpStatusCode.Forbidden);
        (await hub.Accounts.Store.GetUserAsync("mallory")).Should().BeNull();
        var deleteApp = await SendAsync(http, HttpMethod.Delete, "/api/v1/apps/shop/1.0.0", registryToken);
        deleteApp.Should().BeOneOf(HttpStatusCode.Unauthorized, HttpStatusCode.Forbidden);
        (await hub.Accounts.Store.GetAppAsync("shop", "1.0.0")).Should().NotBeNull("the application is still there");

        // Every other endpoint of the API, found from the routing table so that new ones are covered too.
        var endpoints = ApiEndpoints(hub).ToArray();
        endpoints.Length.Should().BeGreaterThan(10);
        foreach (var (method, path) in endpoints)
        {
            var status = await SendAsync(http, new HttpMethod(method), path, registryToken, "{}");
            status.Should().BeOneOf([HttpStatusCode.Unauthorized, HttpStatusCode.Forbidden], $"{method} {path} must refuse a registry token");
        }
        (await hub.Accounts.Store.ListUsersAsync()).Select(u => u.Name).Should().Equal("root");
        (await hub.Accounts.Store.GetAppAsync("shop", "1.0.0")).Should().NotBeNull();
    }

    [Fact]
    public async Task Registry_token_cannot_buy_a_wider_registry_token()
    {
        await using var hub = await HubServer.StartAsync();
        await hub.AddUserAsync("root", Roles.Admin);
        var registryToken = (await RegistryAuthTests.GetTokenAsync(hub, "root", HubServer.Password, "repository:x:pull")).GetProperty("token").GetString()!;
        using var http = hub.Client();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v2/token?service=gravity-hub&scope=repository:y:pull,push");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", registryToken);
        (await http.SendAsync(request)).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Session_token_of_a_reader_cannot_create_users_and_of_an_admin_can()
    {
        await using var hub = await HubServer.StartAsync();
        await hub.AddUserAsync("root", Roles.Admin);
        await hub.AddUserAsync("rdr", Roles.Reader);
        using var http = hub.Client();
        var reader = await SessionTokenAsync(hub, "rdr");
        var admin = await SessionTokenAsync(hub, "root");

        (await SendAsync(http, HttpMethod.Post, "/api/v1/users", reader, """{"name":"eve","roles":["@teleadmin"],"password":"a-long-password"}"""))
            .Should().Be(HttpStatusCode.Forbidden);
        (await hub.Accounts.Store.GetUserAsync("eve")).Should().BeNull();
        (await SendAsync(http, HttpMethod.Post, "/api/v1/users", admin, """{"name":"carol","roles":["publisher"],"password":"a-long-password"}"""))
            .Should().Be(HttpStatusCode.Created);
        (await hub.Accounts.Store.GetUserAsync("carol"))!.Roles.Should().Equal("publisher");
    }

    /// <summary>Each method and path of /api/ (parameters filled with placeholders), but login, which takes no token.</summary>
    private static IEnumerable<(string Method, string Path)> ApiEndpoints(HubServer hub)
    {
        var sources = ((IEndpointRouteBuilder)hub.App).DataSources;
        foreach (var endpoint in sources.SelectMany(s => s.Endpoints).OfType<RouteEndpoint>())
        {
            var pattern = endpoint.RoutePattern.RawText ?? "";
            if (!pattern.StartsWith("/api/", StringComparison.Ordinal) || pattern == "/api/v1/login") continue;
            var path = Regex.Replace(pattern, @"\{[^}]+\}", "x");
            foreach (var method in endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? [])
                yield return (method, path);
        }
    }

    internal static async Task<string> SessionTokenAsync(HubServer hub, string user)
    {
        using var http = hub.Client(user);
        var login = await http.PostAsync("/api/v1/login", null);
        login.StatusCode.Should().Be(HttpStatusCode.OK);
        return System.Text.Json.JsonDocument.Parse(await login.Content.ReadAsStringAsync()).RootElement.GetProperty("token").GetString()!;
    }

    internal static async Task<HttpStatusCode> SendAsync(HttpClient http, HttpMethod method, string path, string token, string? json = null)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (json is not null && method != HttpMethod.Get) request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        return (await http.SendAsync(request)).StatusCode;
    }
}

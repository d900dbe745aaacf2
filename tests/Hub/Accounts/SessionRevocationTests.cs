using System.Net;
using System.Net.Http.Headers;
using Gravity.Hub.Accounts;
using Gravity.Testing;

namespace Gravity.Hub.Tests.Accounts;

/// <summary>Logging out ends a session at once on every Hub process sharing the metadata store, not when the token expires.</summary>
public class SessionRevocationTests
{
    [Fact]
    public async Task Logout_revokes_the_session_and_its_registry_tokens_on_every_hub_sharing_the_store()
    {
        using var shared = new TempDir("hub-shared");
        await using var first = await HubServer.StartAsync(shared.Path);
        await using var second = await HubServer.StartAsync(shared.Path);
        await first.AddUserAsync("pub", Roles.Publisher);
        var session = await HubApiAudienceTests.SessionTokenAsync(first, "pub");
        var other = await HubApiAudienceTests.SessionTokenAsync(first, "pub");
        // A registry token asked for with the session (as a Docker client holding the session might).
        string registryToken;
        using (var http = first.Client())
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/v2/token?service=gravity-hub&scope=repository:apps/shop:pull");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", session);
            var r = await http.SendAsync(request);
            r.StatusCode.Should().Be(HttpStatusCode.OK);
            registryToken = System.Text.Json.JsonDocument.Parse(await r.Content.ReadAsStringAsync()).RootElement.GetProperty("token").GetString()!;
        }
        using var viaSecond = second.Client();
        (await HubApiAudienceTests.SendAsync(viaSecond, HttpMethod.Get, "/api/v1/status", session)).Should().Be(HttpStatusCode.OK);
        (await HubApiAudienceTests.SendAsync(viaSecond, HttpMethod.Get, "/v2/apps/shop/tags/list", registryToken)).Should().NotBe(HttpStatusCode.Unauthorized);

        using var viaFirst = first.Client();
        (await HubApiAudienceTests.SendAsync(viaFirst, HttpMethod.Post, "/api/v1/logout", session)).Should().Be(HttpStatusCode.NoContent);

        (await HubApiAudienceTests.SendAsync(viaSecond, HttpMethod.Get, "/api/v1/status", session)).Should().Be(HttpStatusCode.Unauthorized, "the other Hub reads the revocation from the store");
        (await HubApiAudienceTests.SendAsync(viaFirst, HttpMethod.Get, "/api/v1/apps", session)).Should().Be(HttpStatusCode.Unauthorized);
        (await HubApiAudienceTests.SendAsync(viaSecond, HttpMethod.Get, "/v2/apps/shop/tags/list", session)).Should().Be(HttpStatusCode.Unauthorized);
        (await HubApiAudienceTests.SendAsync(viaSecond, HttpMethod.Get, "/v2/apps/shop/tags/list", registryToken)).Should().Be(HttpStatusCode.Unauthorized, "tokens asked for with the session end with it");
        (await HubApiAudienceTests.SendAsync(viaFirst, HttpMethod.Post, "/api/v1/logout", session)).Should().Be(HttpStatusCode.Unauthorized);
        (await HubApiAudienceTests.SendAsync(viaSecond, HttpMethod.Get, "/api/v1/status", other)).Should().Be(HttpStatusCode.OK, "only the session logged out ends");
    }
}

using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Gravity.Hub.Accounts;
using Gravity.Oci;

namespace Gravity.Hub.Tests.Accounts;

/// <summary>The Hub's registry behind accounts: Docker's token flow, Basic auth, roles, keys, public repositories.</summary>
public class RegistryAuthTests
{
    private static readonly byte[] Blob = "hello hub"u8.ToArray();

    [Fact]
    public async Task Anonymous_request_gets_a_bearer_challenge_naming_realm_service_and_scope()
    {
        await using var hub = await HubServer.StartAsync();
        using var http = hub.Client();
        var r = await http.GetAsync("/v2/apps/shop/tags/list");
        r.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        r.Headers.WwwAuthenticate.ToString().Should()
            .Be($"Bearer realm=\"{hub.Url}/v2/token\",service=\"gravity-hub\",scope=\"repository:apps/shop:pull\"");
        (await r.Content.ReadAsStringAsync()).Should().Contain("UNAUTHORIZED");
        (await http.GetAsync("/v2/")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Token_flow_with_api_key_grants_push_to_publisher_and_only_pull_to_reader()
    {
        await using var hub = await HubServer.StartAsync();
        await hub.AddUserAsync("pub", Roles.Publisher);
        await hub.AddUserAsync("rdr", Roles.Reader);
        var key = await hub.CreateKeyAsync("pub");

        var token = await GetTokenAsync(hub, "pub", key, "repository:apps/shop:pull,push");
        token.GetProperty("expires_in").GetInt64().Should().Be(3600);
        token.GetProperty("token").GetString().Should().Be(token.GetProperty("access_token").GetString());
        (await PushBlobAsync(hub, "Bearer " + token.GetProperty("token").GetString())).Should().Be(HttpStatusCode.Created);

        var readerToken = await GetTokenAsync(hub, "rdr", HubServer.Password, "repository:apps/shop:pull,push");
        var claims = hub.Accounts.Signer.Validate(readerToken.GetProperty("token").GetString()!)!;
        claims.Access.Should().Equal("repository:apps/shop:pull");
        using var reader = hub.Client();
        var pull = new HttpRequestMessage(HttpMethod.Get, $"/v2/apps/shop/blobs/{Digest.Compute(Blob)}");
        pull.Headers.Authorization = new AuthenticationHeaderValue("Bearer", readerToken.GetProperty("token").GetString());
        var pulled = await reader.SendAsync(pull);
        pulled.StatusCode.Should().Be(HttpStatusCode.OK);
        (await pulled.Content.ReadAsByteArrayAsync()).Should().Equal(Blob);
    }

    [Fact]
    public async Task Reader_pushing_is_denied_with_basic_and_with_a_token()
    {
        await using var hub = await HubServer.StartAsync();
        await hub.AddUserAsync("rdr", Roles.Reader);
        (await PushBlobAsync(hub, AuthorizationHeader.Basic("rdr", HubServer.Password))).Should().Be(HttpStatusCode.Forbidden);
        var token = await GetTokenAsync(hub, "rdr", HubServer.Password, "repository:apps/shop:pull,push");
        using var http = hub.Client();
        var r = await SendPushStartAsync(http, "Bearer " + token.GetProperty("token").GetString());
        r.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await r.Content.ReadAsStringAsync()).Should().Contain("DENIED");
    }

    [Fact]
    public async Task Wrong_password_missing_credentials_and_revoked_keys_are_unauthorized()
    {
        await using var hub = await HubServer.StartAsync();
        await hub.AddUserAsync("pub", Roles.Publisher);
        var (record, key) = await hub.Accounts.CreateApiKeyAsync("pub");
        using var http = hub.Client();

        (await TokenStatusAsync(http, AuthorizationHeader.Basic("pub", "wrong password"))).Should().Be(HttpStatusCode.Unauthorized);
        (await TokenStatusAsync(http, AuthorizationHeader.Basic("nobody", HubServer.Password))).Should().Be(HttpStatusCode.Unauthorized);
        (await PushBlobAsync(hub, AuthorizationHeader.Basic("pub", "wrong password"))).Should().Be(HttpStatusCode.Unauthorized);
        (await PushBlobAsync(hub, null)).Should().Be(HttpStatusCode.Unauthorized);

        var token = (await GetTokenAsync(hub, "pub", key, "repository:apps/shop:pull,push")).GetProperty("token").GetString();
        (await PushBlobAsync(hub, AuthorizationHeader.Basic("pub", key))).Should().Be(HttpStatusCode.Created, "Basic with a key works directly");
        (await hub.Accounts.Store.RevokeApiKeyAsync(record.Id, DateTimeOffset.UtcNow)).Should().BeTrue();
        (await TokenStatusAsync(http, AuthorizationHeader.Basic("pub", key))).Should().Be(HttpStatusCode.Unauthorized);
        (await PushBlobAsync(hub, AuthorizationHeader.Basic("pub", key))).Should().Be(HttpStatusCode.Unauthorized);
        (await PushBlobAsync(hub, "Bearer " + token)).Should().Be(HttpStatusCode.Unauthorized, "tokens from a revoked key stop working");
    }

    [Fact]
    public async Task Expired_token_is_unauthorized()
    {
        await using var hub = await HubServer.StartAsync();
        await hub.AddUserAsync("pub", Roles.Publisher);
        // A token signed with the Hub's key an hour ago, valid for a minute.
        var past = new TokenSigner(SigningKeyFile.LoadOrCreate(hub.DataDir), new FixedTime(DateTimeOffset.UtcNow.AddHours(-1)));
        var (expired, _) = past.Issue("pub", TokenClaims.RegistryKind, [new AccessScope("repository", "apps/shop", ["pull", "push"])], TimeSpan.FromMinutes(1));
        var (fresh, _) = past.Issue("pub", TokenClaims.RegistryKind, [new AccessScope("repository", "apps/shop", ["pull", "push"])], TimeSpan.FromHours(2));
        (await PushBlobAsync(hub, "Bearer " + expired)).Should().Be(HttpStatusCode.Unauthorized);
        (await PushBlobAsync(hub, "Bearer " + fresh)).Should().Be(HttpStatusCode.Created);
    }

    [Fact]
    public async Task Public_repository_can_be_pulled_anonymously_but_not_pushed()
    {
        await using var hub = await HubServer.StartAsync();
        await hub.AddUserAsync("pub", Roles.Publisher);
        (await PushBlobAsync(hub, AuthorizationHeader.Basic("pub", HubServer.Password))).Should().Be(HttpStatusCode.Created);
        using var http = hub.Client();
        var path = $"/v2/apps/shop/blobs/{Digest.Compute(Blob)}";
        (await http.GetAsync(path)).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        await hub.Accounts.Store.SetRepositoryPublicAsync("apps/shop", true);
        (await http.GetAsync(path)).StatusCode.Should().Be(HttpStatusCode.OK);
        var anonymousToken = await http.GetFromJsonDocumentAsync("/v2/token?service=gravity-hub&scope=repository:apps/shop:pull,push");
        hub.Accounts.Signer.Validate(anonymousToken.GetProperty("token").GetString()!)!.Access.Should().Equal("repository:apps/shop:pull");
        (await PushBlobAsync(hub, null)).Should().Be(HttpStatusCode.Unauthorized);
        var pushWithAnonymousToken = await PushBlobAsync(hub, "Bearer " + anonymousToken.GetProperty("token").GetString());
        pushWithAnonymousToken.Should().Be(HttpStatusCode.Unauthorized, "anonymous callers are asked to log in rather than denied");
    }

    [Fact]
    public async Task Oauth_post_form_issues_a_token_like_containerd_asks()
    {
        await using var hub = await HubServer.StartAsync();
        await hub.AddUserAsync("pub", Roles.Publisher);
        using var http = hub.Client();
        var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "password", ["username"] = "pub", ["password"] = HubServer.Password,
            ["service"] = "gravity-hub", ["scope"] = "repository:apps/shop:pull", ["client_id"] = "containerd",
        });
        var r = await http.PostAsync("/v2/token", form);
        r.StatusCode.Should().Be(HttpStatusCode.OK);
        var json = JsonDocument.Parse(await r.Content.ReadAsStringAsync()).RootElement;
        hub.Accounts.Signer.Validate(json.GetProperty("access_token").GetString()!)!.Access.Should().Equal("repository:apps/shop:pull");
    }

    internal static async Task<JsonElement> GetTokenAsync(HubServer hub, string user, string secret, string scope)
    {
        using var http = hub.Client(user, secret);
        return await http.GetFromJsonDocumentAsync($"/v2/token?service=gravity-hub&scope={Uri.EscapeDataString(scope)}");
    }

    private static async Task<HttpStatusCode> TokenStatusAsync(HttpClient http, string authorization)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/v2/token?service=gravity-hub&scope=repository:apps/shop:pull");
        request.Headers.TryAddWithoutValidation("Authorization", authorization);
        return (await http.SendAsync(request)).StatusCode;
    }

    private static async Task<HttpResponseMessage> SendPushStartAsync(HttpClient http, string? authorization)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/v2/apps/shop/blobs/uploads/?digest={Digest.Compute(Blob)}")
        {
            Content = new ByteArrayContent(Blob),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        if (authorization is not null) request.Headers.TryAddWithoutValidation("Authorization", authorization);
        return await http.SendAsync(request);
    }

    /// <summary>A monolithic blob upload (POST with digest); returns the status.</summary>
    private static async Task<HttpStatusCode> PushBlobAsync(HubServer hub, string? authorization)
    {
        using var http = hub.Client();
        return (await SendPushStartAsync(http, authorization)).StatusCode;
    }

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}

internal static class HttpJsonExtensions
{
    public static async Task<JsonElement> GetFromJsonDocumentAsync(this HttpClient http, string path)
    {
        var r = await http.GetAsync(path);
        var body = await r.Content.ReadAsStringAsync();
        r.IsSuccessStatusCode.Should().BeTrue($"GET {path} returned {(int)r.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }
}

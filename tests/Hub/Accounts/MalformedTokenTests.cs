using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Gravity.Hub.Accounts;
using Gravity.Testing;

namespace Gravity.Hub.Tests.Accounts;

/// <summary>Tokens signed with the Hub's own key but with null fields are refused with the specification's error body.</summary>
public sealed class MalformedTokenTests
{
    [Theory]
    [InlineData("""{"sub":"pub","kind":"registry","access":null,"iat":IAT,"exp":EXP,"jti":"a1"}""")]
    [InlineData("""{"sub":null,"kind":"registry","access":["repository:apps/shop:pull"],"iat":IAT,"exp":EXP,"jti":"a2"}""")]
    [InlineData("""{"sub":"pub","kind":null,"access":["repository:apps/shop:pull"],"iat":IAT,"exp":EXP,"jti":"a3"}""")]
    public async Task Validly_signed_token_with_null_claims_is_401_or_403_with_an_error_body(string claims)
    {
        await using var hub = await HubServer.StartAsync();
        await hub.AddUserAsync("pub", Roles.Publisher);
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var token = Sign(hub, claims.Replace("IAT", now.ToString()).Replace("EXP", (now + 3600).ToString()));

        using var http = hub.Client();
        foreach (var path in new[] { "/v2/apps/shop/tags/list", "/v2/" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            using var r = await http.SendAsync(request);
            r.StatusCode.Should().BeOneOf(HttpStatusCode.Unauthorized, HttpStatusCode.Forbidden);
            (await RegistryHttp.ErrorCodeAsync(r)).Should().BeOneOf("UNAUTHORIZED", "DENIED");
        }
    }

    /// <summary>A token as the Hub signs them (base64url claims, '.', base64url HMAC-SHA256 with the data folder's key).</summary>
    private static string Sign(HubServer hub, string claimsJson)
    {
        var payload = Base64Url(Encoding.UTF8.GetBytes(claimsJson));
        var signature = HMACSHA256.HashData(SigningKeyFile.LoadOrCreate(hub.DataDir), Encoding.ASCII.GetBytes(payload));
        return $"{payload}.{Base64Url(signature)}";
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}

using System.Net;
using Gravity.Core;

namespace Gravity.Hub.Tests.Accounts;

/// <summary>The token realm of the Bearer challenge comes from configuration or the listen address, never from the Host header.</summary>
public sealed class TokenRealmTests
{
    [Fact]
    public async Task Forged_Host_header_does_not_move_the_realm_of_a_configured_public_url()
    {
        await using var hub = await HubServer.StartAsync(publicUrl: "https://hub.example.com/");
        (await ChallengeWithHostAsync(hub, "attacker.example:443")).Should()
            .StartWith("Bearer realm=\"https://hub.example.com/v2/token\",service=\"gravity-hub\"");
    }

    [Fact]
    public async Task Without_a_public_url_the_realm_is_the_address_the_hub_listens_on()
    {
        await using var hub = await HubServer.StartAsync();
        (await ChallengeWithHostAsync(hub, "attacker.example")).Should().StartWith($"Bearer realm=\"{hub.Url}/v2/token\",");
    }

    [Theory]
    [InlineData("hub.example.com")]
    [InlineData("ftp://hub.example.com")]
    [InlineData("https://hub.example.com/?x=1")]
    public async Task Public_url_must_be_an_http_url(string value)
    {
        var start = () => HubServer.StartAsync(publicUrl: value);
        (await start.Should().ThrowAsync<GravityException>()).Which.Message.Should().Contain("--public-url").And.Contain(value);
    }

    private static async Task<string> ChallengeWithHostAsync(HubServer hub, string host)
    {
        using var http = hub.Client();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v2/apps/shop/tags/list");
        request.Headers.Host = host;
        using var r = await http.SendAsync(request);
        r.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        return r.Headers.WwwAuthenticate.ToString();
    }
}

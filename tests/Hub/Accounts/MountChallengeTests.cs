using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using Gravity.Hub.Accounts;
using Gravity.Oci;
using Gravity.Registry;
using Microsoft.Extensions.DependencyInjection;
using static Gravity.Testing.RegistryHttp;

namespace Gravity.Hub.Tests.Accounts;

/// <summary>
/// A cross-repository blob mount through Docker's token flow: the challenge asks for pull on the source repository as
/// well, so a client that fetches exactly the challenged scope gets a token that mounts.
/// </summary>
public sealed class MountChallengeTests
{
    [Fact]
    public async Task Mount_challenge_names_both_repositories_and_a_token_for_both_mounts_the_blob()
    {
        await using var hub = await HubServer.StartAsync();
        await hub.AddUserAsync("pub", Roles.Publisher);
        var blob = "shared base layer"u8.ToArray();
        using (var basic = hub.Client("pub"))
            await PushBlobAsync(basic, "apps/base", blob);
        var digest = Digest.Compute(blob);
        var mountPath = $"/v2/apps/shop/blobs/uploads/?mount={digest}&from=apps/base";

        using var http = hub.Client();
        using var challenged = await http.PostAsync(mountPath, null);
        challenged.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        var challenge = challenged.Headers.WwwAuthenticate.ToString();
        var scope = Regex.Match(challenge, "scope=\"([^\"]*)\"").Groups[1].Value;
        scope.Should().Be("repository:apps/shop:pull,push repository:apps/base:pull");

        // As a client following the challenge: one scope parameter, exactly as challenged.
        var token = (await RegistryAuthTests.GetTokenAsync(hub, "pub", HubServer.Password, scope)).GetProperty("token").GetString();
        using var mount = new HttpRequestMessage(HttpMethod.Post, mountPath);
        mount.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var mounted = await http.SendAsync(mount);
        mounted.StatusCode.Should().Be(HttpStatusCode.Created);
        mounted.Headers.Location!.ToString().Should().Be($"/v2/apps/shop/blobs/{digest}");
        hub.App.Services.GetRequiredService<RegistryStorage>().HasBlob("apps/shop", digest).Should().BeTrue();
        Directory.EnumerateFileSystemEntries(Path.Combine(hub.DataDir, "uploads")).Should().BeEmpty("mounted, not uploaded");
    }
}

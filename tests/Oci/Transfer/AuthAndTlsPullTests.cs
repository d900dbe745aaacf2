using Gravity.Core;
using Gravity.Oci.Content;
using Gravity.Oci.Registry;
using Gravity.Oci.Transfer;
using Gravity.Testing;

namespace Gravity.Oci.Tests.Transfer;

public sealed class AuthAndTlsPullTests : IDisposable
{
    private readonly TempDir _dir = new();

    private async Task<TestImage> PushTestImageAsync(RegistryProcess registry, string repositoryAndTag, int seed)
    {
        var source = new ContentStore(_dir.Combine("source"));
        var image = await TestImages.CreateImageAsync(source, new TestImageSpec { Seed = seed });
        await TestImageExport.PushWithSkopeoAsync(source, image.Manifest, registry, repositoryAndTag);
        return image;
    }

    private async Task<PulledImage> PullAsync(RegistryClientOptions options, ImageReference reference)
    {
        using var client = new RegistryClient(options);
        return await new ImagePuller(client, new ContentStore(_dir.Combine("pulled-" + Guid.NewGuid().ToString("N")))).PullAsync(reference);
    }

    [Fact]
    public async Task Basic_auth_uses_the_given_credentials_and_fails_clearly_without_them()
    {
        await using var registry = await RegistryProcess.StartAsync(new RegistryProcessOptions { BasicAuthUser = "alice", BasicAuthPassword = "s3cret" });
        var image = await PushTestImageAsync(registry, "auth/app:1", 21);

        var pulled = await PullAsync(registry.ClientOptions(), registry.Reference("auth/app:1"));
        pulled.Root.Digest.Should().Be(image.Manifest.Digest);

        var anonymous = () => PullAsync(registry.ClientOptions() with { Credentials = null }, registry.Reference("auth/app:1"));
        (await anonymous.Should().ThrowAsync<GravityException>()).WithMessage($"*{registry.HostPort}/auth/app:1*401*");

        var wrong = () => PullAsync(registry.ClientOptions() with { Credentials = new StaticCredentialProvider("alice", "wrong") }, registry.Reference("auth/app:1"));
        (await wrong.Should().ThrowAsync<GravityException>()).WithMessage("*401*credentials were rejected*");

        using var client = new RegistryClient(registry.ClientOptions());
        await client.PingAsync(registry.HostPort);
        using var anonymousClient = new RegistryClient(registry.ClientOptions() with { Credentials = null });
        var ping = () => anonymousClient.PingAsync(registry.HostPort);
        (await ping.Should().ThrowAsync<RegistryException>()).WithMessage("*no credentials configured*");
    }

    [Fact]
    public async Task Credentials_come_from_a_docker_config_file()
    {
        await using var registry = await RegistryProcess.StartAsync(new RegistryProcessOptions { BasicAuthUser = "bob", BasicAuthPassword = "pa:ss" });
        var image = await PushTestImageAsync(registry, "auth/config:1", 22);
        var config = _dir.Combine("config.json");
        var auth = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes("bob:pa:ss"));
        var json = new System.Text.Json.Nodes.JsonObject
        {
            ["auths"] = new System.Text.Json.Nodes.JsonObject
            {
                [$"http://{registry.HostPort}/v1/"] = new System.Text.Json.Nodes.JsonObject { ["auth"] = auth },
                ["other.example.com"] = new System.Text.Json.Nodes.JsonObject { ["username"] = "x", ["password"] = "y" },
            },
        };
        await File.WriteAllTextAsync(config, json.ToJsonString());

        var pulled = await PullAsync(registry.ClientOptions() with { Credentials = new DockerConfigCredentialProvider(config) }, registry.Reference("auth/config:1"));
        pulled.Root.Digest.Should().Be(image.Manifest.Digest);
    }

    [Fact]
    public async Task Tls_with_a_custom_ca_is_verified_and_fails_without_the_ca()
    {
        await using var registry = await RegistryProcess.StartAsync(new RegistryProcessOptions { Tls = true });
        var image = await PushTestImageAsync(registry, "tls/app:1", 23);

        var pulled = await PullAsync(registry.ClientOptions(), registry.Reference("tls/app:1"));
        pulled.Root.Digest.Should().Be(image.Manifest.Digest);

        var withoutCa = () => PullAsync(registry.ClientOptions() with { CaCertificatePath = null }, registry.Reference("tls/app:1"));
        (await withoutCa.Should().ThrowAsync<GravityException>()).WithMessage($"*tls/app:1*TLS*{registry.HostPort}*");

        var otherCa = TestCertificates.Create(_dir.Combine("other-ca"));
        var wrongCa = () => PullAsync(registry.ClientOptions() with { CaCertificatePath = otherCa.CaCertificatePath }, registry.Reference("tls/app:1"));
        (await wrongCa.Should().ThrowAsync<GravityException>()).WithMessage("*TLS*");
    }

    [Fact]
    public async Task Plain_http_needs_insecure()
    {
        await using var registry = await RegistryProcess.StartAsync();
        await PushTestImageAsync(registry, "plain/app:1", 24);
        var secure = () => PullAsync(registry.ClientOptions() with { Insecure = false, MaxRetries = 0 }, registry.Reference("plain/app:1"));
        (await secure.Should().ThrowAsync<GravityException>()).WithMessage($"*{registry.HostPort}*");
    }

    public void Dispose() => _dir.Dispose();
}

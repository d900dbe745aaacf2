using Gravity.Core;
using Gravity.Oci.Content;
using Gravity.Oci.Registry;
using Gravity.Oci.Transfer;
using Gravity.Testing;

namespace Gravity.Oci.Tests.Transfer;

/// <summary>docker-registry with token auth; the token service is <see cref="TestTokenServer"/>.</summary>
public sealed class BearerAuthTests : IDisposable
{
    private readonly TempDir _dir = new();

    private ContentStore NewStore() => new(_dir.Combine(Guid.NewGuid().ToString("N")));

    [Fact]
    public async Task Tokens_are_fetched_with_basic_credentials_cached_per_scope_and_used_for_push_and_pull()
    {
        await using var registry = await RegistryProcess.StartAsync(new RegistryProcessOptions { TokenAuth = true, BasicAuthUser = "carol", BasicAuthPassword = "t0ken" });
        var tokens = registry.TokenServer!;
        var source = NewStore();
        var image = await TestImages.CreateImageAsync(source, new TestImageSpec { Seed = 81, LayerSizes = [20_000, 20_000] });
        using var client = new RegistryClient(registry.ClientOptions());

        await new ImagePusher(client, source).PushAsync(image.Manifest, registry.Reference("bearer/app:1"));
        var raw = await Skopeo.InspectRawAsync(Skopeo.Docker(registry, "bearer/app:1"), registry);
        Digest.Compute(System.Text.Encoding.UTF8.GetBytes(raw)).Should().Be(image.Manifest.Digest);

        var pulled = await new ImagePuller(client, NewStore()).PullAsync(registry.Reference("bearer/app:1"));
        pulled.Root.Digest.Should().Be(image.Manifest.Digest);
        var afterFirstPull = tokens.Requests;
        await new ImagePuller(client, NewStore()).PullAsync(registry.Reference("bearer/app:1"));
        tokens.Requests.Should().Be(afterFirstPull, "the pull token of the repository is reused while valid");
    }

    [Fact]
    public async Task Missing_or_wrong_credentials_fail_clearly()
    {
        await using var registry = await RegistryProcess.StartAsync(new RegistryProcessOptions { TokenAuth = true, BasicAuthUser = "carol", BasicAuthPassword = "t0ken" });
        var reference = registry.Reference("bearer/app:1");

        using var anonymous = new RegistryClient(registry.ClientOptions() with { Credentials = null });
        var act = () => new ImagePuller(anonymous, NewStore()).PullAsync(reference);
        (await act.Should().ThrowAsync<GravityException>()).WithMessage($"*{reference}*{registry.HostPort} requires authentication*");

        using var good = new RegistryClient(registry.ClientOptions());
        await good.PingAsync(registry.HostPort);

        using var wrong = new RegistryClient(registry.ClientOptions() with { Credentials = new StaticCredentialProvider("carol", "nope") });
        var ping = () => wrong.PingAsync(registry.HostPort);
        (await ping.Should().ThrowAsync<RegistryException>()).WithMessage("*failed for user 'carol'*");
        var act2 = () => new ImagePuller(wrong, NewStore()).PullAsync(reference);
        (await act2.Should().ThrowAsync<GravityException>()).WithMessage($"*authentication to registry {registry.HostPort} failed for user 'carol'*");
    }

    [Fact]
    public async Task A_cached_token_the_registry_refuses_is_replaced()
    {
        await using var registry = await RegistryProcess.StartAsync(new RegistryProcessOptions { TokenAuth = true, BasicAuthUser = "carol", BasicAuthPassword = "t0ken" });
        var tokens = registry.TokenServer!;
        var source = NewStore();
        var image = await TestImages.CreateImageAsync(source, new TestImageSpec { Seed = 82 });
        using var client = new RegistryClient(registry.ClientOptions());
        await new ImagePusher(client, source).PushAsync(image.Manifest, registry.Reference("bearer/revoked:1"));
        await new ImagePuller(client, NewStore()).PullAsync(registry.Reference("bearer/revoked:1"));

        // The registry comes back trusting only a new signing key: every token issued so far is now refused.
        tokens.RotateKey();
        await registry.RestartAsync();
        var before = tokens.Requests;

        var pulled = await new ImagePuller(client, NewStore()).PullAsync(registry.Reference("bearer/revoked:1"));
        pulled.Root.Digest.Should().Be(image.Manifest.Digest);
        tokens.Requests.Should().BeGreaterThan(before, "the refused token was replaced by a fresh one");
    }

    public void Dispose() => _dir.Dispose();
}

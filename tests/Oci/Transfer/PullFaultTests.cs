using Gravity.Core;
using Gravity.Oci.Content;
using Gravity.Oci.Model;
using Gravity.Oci.Registry;
using Gravity.Oci.Transfer;
using Gravity.Testing;

namespace Gravity.Oci.Tests.Transfer;

public sealed class PullFaultTests : IDisposable
{
    private readonly TempDir _dir = new();
    private static readonly RegistryClientOptions Fast = new() { Insecure = true, MaxRetries = 1, RetryBaseDelay = TimeSpan.FromMilliseconds(10) };

    [Fact]
    public async Task A_registry_serving_a_wrong_blob_fails_naming_image_and_registry_and_stores_nothing()
    {
        var source = new ContentStore(_dir.Combine("source"));
        var image = await TestImages.CreateImageAsync(source, new TestImageSpec { Seed = 31, LayerSizes = [5000] });
        using var fake = new LyingRegistry();
        fake.AddManifest("evil/app", "1", MediaTypes.OciManifest, await source.ReadAllBytesAsync(image.Manifest.Digest));
        fake.AddBlob("evil/app", image.Config.Digest, await source.ReadAllBytesAsync(image.Config.Digest));
        var layer = image.Layers[0].Descriptor;
        var tampered = await source.ReadAllBytesAsync(layer.Digest);
        tampered[^10] ^= 0xff;
        fake.AddBlob("evil/app", layer.Digest, tampered);

        var store = new ContentStore(_dir.Combine("pulled"));
        using var client = new RegistryClient(Fast);
        var act = () => new ImagePuller(client, store).PullAsync(ImageReference.Parse($"{fake.HostPort}/evil/app:1"));

        (await act.Should().ThrowAsync<GravityException>()).WithMessage($"*{fake.HostPort}/evil/app:1*{fake.HostPort}*digest mismatch*{layer.Digest}*");
        store.Exists(layer.Digest).Should().BeFalse();
        store.Exists(image.Manifest.Digest).Should().BeFalse("the manifest is stored only after all its blobs");
        Directory.EnumerateFiles(Path.Combine(store.Root, "ingest")).Should().BeEmpty();
    }

    [Fact]
    public async Task A_manifest_not_matching_the_requested_digest_is_rejected()
    {
        var source = new ContentStore(_dir.Combine("source"));
        var image = await TestImages.CreateImageAsync(source, new TestImageSpec { Seed = 32 });
        var other = await TestImages.CreateImageAsync(source, new TestImageSpec { Seed = 33 });
        using var fake = new LyingRegistry();
        fake.AddManifest("evil/app", image.Manifest.Digest.ToString(), MediaTypes.OciManifest, await source.ReadAllBytesAsync(other.Manifest.Digest));

        using var client = new RegistryClient(Fast);
        var act = () => new ImagePuller(client, new ContentStore(_dir.Combine("pulled"))).PullAsync(ImageReference.Parse($"{fake.HostPort}/evil/app@{image.Manifest.Digest}"));
        (await act.Should().ThrowAsync<GravityException>()).WithMessage($"*evil/app@{image.Manifest.Digest}*served content with digest {other.Manifest.Digest}*");
    }

    [Fact]
    public async Task An_unreachable_registry_is_a_clear_error()
    {
        var port = FreePort.Next();
        using var client = new RegistryClient(Fast);
        var act = () => new ImagePuller(client, new ContentStore(_dir.Combine("pulled"))).PullAsync(ImageReference.Parse($"127.0.0.1:{port}/app:1"));
        (await act.Should().ThrowAsync<GravityException>()).WithMessage($"cannot pull 127.0.0.1:{port}/app:1: *cannot reach registry 127.0.0.1:{port}*");
    }

    public void Dispose() => _dir.Dispose();
}

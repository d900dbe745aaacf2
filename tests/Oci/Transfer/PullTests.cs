using Gravity.Core;
using Gravity.Oci.Content;
using Gravity.Oci.Model;
using Gravity.Oci.Registry;
using Gravity.Oci.Transfer;
using Gravity.Testing;

namespace Gravity.Oci.Tests.Transfer;

public sealed class PullTests(PlainRegistryFixture fixture) : IClassFixture<PlainRegistryFixture>, IDisposable
{
    private readonly TempDir _dir = new();
    private RegistryProcess Registry => fixture.Registry;

    private ContentStore NewStore(string name) => new(_dir.Combine(name));

    private async Task<PulledImage> PullAsync(ContentStore store, ImageReference reference, PullOptions? options = null, List<TransferProgress>? progress = null)
    {
        using var client = new RegistryClient(Registry.ClientOptions());
        var reporter = progress is null ? null : new SyncProgress<TransferProgress>(progress.Add);
        return await new ImagePuller(client, store).PullAsync(reference, options, reporter);
    }

    [Fact]
    public async Task Pulls_an_oci_image_with_every_blob_verified_in_the_store()
    {
        var source = NewStore("source");
        var image = await TestImages.CreateImageAsync(source, new TestImageSpec { Seed = 11, LayerSizes = [100_000, 30_000] });
        await TestImageExport.PushWithSkopeoAsync(source, image.Manifest, Registry, "pull/oci:1");

        var store = NewStore("pulled");
        var pulled = await PullAsync(store, Registry.Reference("pull/oci:1"));

        pulled.Root.Digest.Should().Be(image.Manifest.Digest);
        pulled.Root.MediaType.Should().Be(MediaTypes.OciManifest);
        foreach (var blob in image.Blobs)
            (await store.VerifyAsync(blob.Digest)).Should().BeTrue($"{blob.Digest} should be in the store");
        ImageGraph.Walk(store, pulled.Root).Select(d => d.Digest).Should().BeEquivalentTo(image.Blobs.Select(b => b.Digest));
    }

    [Fact]
    public async Task Pulls_a_docker_schema2_image_keeping_its_manifest_bytes()
    {
        var source = NewStore("source");
        var image = await TestImages.CreateImageAsync(source, new TestImageSpec { Seed = 12, DockerSchema2 = true });
        await TestImageExport.PushWithSkopeoAsync(source, image.Manifest, Registry, "pull/docker:1");

        var store = NewStore("pulled");
        var pulled = await PullAsync(store, Registry.Reference("pull/docker:1"));

        pulled.Root.MediaType.Should().Be(MediaTypes.DockerManifest);
        pulled.Root.Digest.Should().Be(image.Manifest.Digest);
        store.Exists(image.Config.Digest).Should().BeTrue();
    }

    [Fact]
    public async Task Pull_by_digest_checks_the_served_manifest()
    {
        var source = NewStore("source");
        var image = await TestImages.CreateImageAsync(source, new TestImageSpec { Seed = 13 });
        await TestImageExport.PushWithSkopeoAsync(source, image.Manifest, Registry, "pull/bydigest:1");

        var store = NewStore("pulled");
        var pulled = await PullAsync(store, Registry.Reference("pull/bydigest@" + image.Manifest.Digest));
        pulled.Root.Digest.Should().Be(image.Manifest.Digest);
    }

    [Fact]
    public async Task A_multi_platform_index_is_filtered_to_the_asked_platforms()
    {
        var source = NewStore("source");
        var index = await TestImages.CreateIndexAsync(source, new TestImageSpec { Seed = 14 });
        await TestImageExport.PushWithSkopeoAsync(source, index.Index, Registry, "pull/multi:1");
        var amd64 = index.Images[0];
        var arm64 = index.Images[1];

        var store = NewStore("pulled");
        var pulled = await PullAsync(store, Registry.Reference("pull/multi:1"));

        pulled.Root.MediaType.Should().Be(MediaTypes.OciIndex);
        pulled.Root.Digest.Should().NotBe(index.Index.Digest, "the stored index lists only linux/amd64");
        var stored = OciJson.Deserialize<ImageIndex>(await store.ReadAllBytesAsync(pulled.Root.Digest));
        stored.Manifests.Should().ContainSingle().Which.Digest.Should().Be(amd64.Manifest.Digest);
        stored.Manifests[0].Platform!.ToString().Should().Be("linux/amd64");
        amd64.Blobs.Should().OnlyContain(b => store.Exists(b.Digest));
        arm64.Blobs.Should().NotContain(b => store.Exists(b.Digest));

        var both = NewStore("both");
        var all = await PullAsync(both, Registry.Reference("pull/multi:1"),
            new PullOptions { Platforms = [Platform.Parse("linux/amd64"), Platform.Parse("linux/arm64")] });
        all.Root.Digest.Should().Be(index.Index.Digest, "an index whose platforms are all kept is stored as it was");
        arm64.Blobs.Should().OnlyContain(b => both.Exists(b.Digest));
    }

    [Fact]
    public async Task A_platform_the_index_lacks_is_a_clear_error()
    {
        var source = NewStore("source");
        var index = await TestImages.CreateIndexAsync(source, new TestImageSpec { Seed = 15 });
        await TestImageExport.PushWithSkopeoAsync(source, index.Index, Registry, "pull/noplatform:1");

        var act = () => PullAsync(NewStore("pulled"), Registry.Reference("pull/noplatform:1"), new PullOptions { Platforms = [Platform.Parse("linux/s390x")] });
        (await act.Should().ThrowAsync<GravityException>()).WithMessage("*pull/noplatform:1*linux/s390x*linux/amd64, linux/arm64*");
    }

    [Fact]
    public async Task Layers_already_in_the_store_are_not_fetched_again()
    {
        var source = NewStore("source");
        var baseLayer = await TestImages.CreateLayerAsync(source, 1600, 200_000);
        var first = await TestImages.CreateImageAsync(source, new TestImageSpec { Seed = 16, BaseLayers = [baseLayer], LayerSizes = [10_000] });
        var second = await TestImages.CreateImageAsync(source, new TestImageSpec { Seed = 17, BaseLayers = [baseLayer], LayerSizes = [20_000] });
        await TestImageExport.PushWithSkopeoAsync(source, first.Manifest, Registry, "pull/shared-a:1");
        await TestImageExport.PushWithSkopeoAsync(source, second.Manifest, Registry, "pull/shared-b:1");

        var store = NewStore("pulled");
        var one = await PullAsync(store, Registry.Reference("pull/shared-a:1"));
        one.BytesDownloaded.Should().Be(first.Layers.Sum(l => l.Descriptor.Size) + first.Config.Size);

        var progress = new List<TransferProgress>();
        var two = await PullAsync(store, Registry.Reference("pull/shared-b:1"), progress: progress);
        two.BytesDownloaded.Should().Be(second.Layers[1].Descriptor.Size + second.Config.Size, "the shared base layer is already there");
        progress.Should().Contain(p => p.Digest == baseLayer.Descriptor.Digest && p.State == TransferState.Skipped);

        var again = await PullAsync(store, Registry.Reference("pull/shared-a:1"));
        again.BytesDownloaded.Should().Be(0);
    }

    [Fact]
    public async Task Images_pulled_at_the_same_time_download_a_shared_layer_once()
    {
        var source = NewStore("source");
        var baseLayer = await TestImages.CreateLayerAsync(source, 1700, 3_000_000);
        var images = new List<TestImage>();
        for (var i = 0; i < 4; i++)
        {
            var image = await TestImages.CreateImageAsync(source, new TestImageSpec { Seed = 1710 + i, BaseLayers = [baseLayer], LayerSizes = [5_000] });
            await TestImageExport.PushWithSkopeoAsync(source, image.Manifest, Registry, $"pull/together-{i}:1");
            images.Add(image);
        }

        var store = NewStore("pulled");
        using var client = new RegistryClient(Registry.ClientOptions());
        var puller = new ImagePuller(client, store);
        var pulled = await Task.WhenAll(Enumerable.Range(0, 4).Select(i => puller.PullAsync(Registry.Reference($"pull/together-{i}:1"))));

        var unique = baseLayer.Descriptor.Size + images.Sum(im => im.Layers[1].Descriptor.Size + im.Config.Size);
        pulled.Sum(p => p.BytesDownloaded).Should().Be(unique, "the shared base layer is fetched by one pull and awaited by the others");
        (await store.VerifyAsync(baseLayer.Descriptor.Digest)).Should().BeTrue();
    }

    [Fact]
    public async Task An_image_pinned_by_digest_and_complete_in_the_store_needs_no_registry()
    {
        var source = NewStore("source");
        var image = await TestImages.CreateImageAsync(source, new TestImageSpec { Seed = 18 });
        await TestImageExport.PushWithSkopeoAsync(source, image.Manifest, Registry, "pull/pinned:1");
        var store = NewStore("pulled");
        var first = await PullAsync(store, Registry.Reference("pull/pinned@" + image.Manifest.Digest));

        using var offline = new RegistryClient(new RegistryClientOptions { Insecure = true, MaxRetries = 0 });
        var unreachable = ImageReference.Parse($"127.0.0.1:{FreePort.Next()}/pull/pinned@{image.Manifest.Digest}");
        var again = await new ImagePuller(offline, store).PullAsync(unreachable);
        again.Root.Should().Be(first.Root);
        again.BytesDownloaded.Should().Be(0);
    }

    [Fact]
    public async Task An_unknown_tag_names_image_and_registry()
    {
        var act = () => PullAsync(NewStore("pulled"), Registry.Reference("pull/missing:1"));
        (await act.Should().ThrowAsync<GravityException>()).WithMessage($"*{Registry.HostPort}/pull/missing:1*404*");
    }

    public void Dispose() => _dir.Dispose();
}

/// <summary>IProgress that reports on the calling thread (Progress&lt;T&gt; posts asynchronously, too late for assertions).</summary>
internal sealed class SyncProgress<T>(Action<T> report) : IProgress<T>
{
    private readonly Lock _lock = new();
    public void Report(T value) { lock (_lock) report(value); }
}

using Gravity.Oci.Content;
using Gravity.Oci.Layout;
using Gravity.Oci.Registry;
using Gravity.Oci.Transfer;
using Gravity.Testing;

namespace Gravity.Oci.Tests.Transfer;

public sealed class PushTests(PlainRegistryFixture fixture) : IClassFixture<PlainRegistryFixture>, IDisposable
{
    private readonly TempDir _dir = new();
    private RegistryProcess Registry => fixture.Registry;

    [Fact]
    public async Task Pushed_index_is_read_back_by_skopeo_with_the_same_digests()
    {
        var store = new ContentStore(_dir.Combine("store"));
        var index = await TestImages.CreateIndexAsync(store, new TestImageSpec { Seed = 41, LayerSizes = [50_000, 70_000] });
        using var client = new RegistryClient(Registry.ClientOptions());
        await new ImagePusher(client, store).PushAsync(index.Index, Registry.Reference("push/multi:1"));

        var raw = await Skopeo.InspectRawAsync(Skopeo.Docker(Registry, "push/multi:1"), Registry);
        Digest.Compute(System.Text.Encoding.UTF8.GetBytes(raw)).Should().Be(index.Index.Digest);

        var layout = _dir.Combine("copied");
        await Skopeo.CopyAsync(Skopeo.Docker(Registry, "push/multi:1"), $"oci:{layout}:copy", sourceRegistry: Registry);
        var copied = await OciLayout.ReadIndexAsync(layout);
        copied.Manifests.Should().ContainSingle().Which.Digest.Should().Be(index.Index.Digest);
        foreach (var blob in index.Images.SelectMany(i => i.Blobs))
            (await Digest.ComputeAsync(File.OpenRead(OciLayout.BlobPath(layout, blob.Digest)))).Should().Be(blob.Digest);
    }

    [Fact]
    public async Task Large_blobs_go_up_in_chunks_and_existing_blobs_are_skipped()
    {
        var store = new ContentStore(_dir.Combine("store"));
        var image = await TestImages.CreateImageAsync(store, new TestImageSpec { Seed = 42, LayerSizes = [300_000, 1000] });
        var options = Registry.ClientOptions() with { MonolithicUploadLimit = 64 * 1024, UploadChunkSize = 100_000 };
        using var client = new RegistryClient(options);
        var progress = new List<TransferProgress>();
        await new ImagePusher(client, store).PushAsync(image.Manifest, Registry.Reference("push/chunked:1"), new SyncProgress<TransferProgress>(progress.Add));

        var big = image.Layers[0].Descriptor;
        progress.Where(p => p.Digest == big.Digest && p.State == TransferState.Transferring).Select(p => p.BytesDone).Should().Contain(big.Size);
        var pulled = new ContentStore(_dir.Combine("pulled"));
        var result = await new ImagePuller(client, pulled).PullAsync(Registry.Reference("push/chunked:1"));
        result.Root.Digest.Should().Be(image.Manifest.Digest);
        (await pulled.VerifyAsync(big.Digest)).Should().BeTrue();

        progress.Clear();
        await new ImagePusher(client, store).PushAsync(image.Manifest, Registry.Reference("push/chunked:2"), new SyncProgress<TransferProgress>(progress.Add));
        progress.Where(p => p.Blob.Digest != image.Manifest.Digest).Should().OnlyContain(p => p.State == TransferState.Skipped);
        (await client.ListTagsAsync(Registry.HostPort, "push/chunked")).Should().BeEquivalentTo(["1", "2"]);
    }

    [Fact]
    public async Task Registry_api_mount_tags_catalog_and_delete()
    {
        var store = new ContentStore(_dir.Combine("store"));
        var image = await TestImages.CreateImageAsync(store, new TestImageSpec { Seed = 43 });
        using var client = new RegistryClient(Registry.ClientOptions());
        var host = Registry.HostPort;
        await new ImagePusher(client, store).PushAsync(image.Manifest, Registry.Reference("api/source:1"));

        var layer = image.Layers[0].Descriptor.Digest;
        (await client.BlobExistsAsync(host, "api/target", layer)).Should().BeFalse();
        (await client.MountBlobAsync(host, "api/target", layer, "api/source")).Should().BeTrue();
        (await client.BlobExistsAsync(host, "api/target", layer)).Should().BeTrue();
        (await client.MountBlobAsync(host, "api/target", Digest.Compute("absent"u8), "api/source")).Should().BeFalse();

        var manifest = await store.ReadAllBytesAsync(image.Manifest.Digest);
        await client.UploadBlobAsync(host, "api/target", image.Config.Digest, image.Config.Size, () => store.OpenRead(image.Config.Digest));
        foreach (var tag in Enumerable.Range(0, 5).Select(i => $"t{i}"))
            (await client.PutManifestAsync(host, "api/target", tag, manifest, MediaTypes.OciManifest)).Should().Be(image.Manifest.Digest);

        using var paging = new RegistryClient(Registry.ClientOptions() with { PageSize = 1 });
        (await paging.ListTagsAsync(host, "api/target")).Should().BeEquivalentTo(["t0", "t1", "t2", "t3", "t4"]);
        (await paging.CatalogAsync(host)).Should().Contain(["api/source", "api/target"], "the catalog comes one repository per page, linked by Link headers");
        (await client.ListTagsAsync(host, "api/absent")).Should().BeEmpty();

        var got = await client.GetManifestAsync(host, "api/target", "t3");
        got.Digest.Should().Be(image.Manifest.Digest);
        await client.DeleteManifestAsync(host, "api/target", image.Manifest.Digest);
        var gone = () => client.GetManifestAsync(host, "api/target", image.Manifest.Digest.ToString());
        (await gone.Should().ThrowAsync<RegistryException>()).Which.StatusCode.Should().Be(System.Net.HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Blobs_of_another_repository_are_mounted_instead_of_uploaded()
    {
        var store = new ContentStore(_dir.Combine("store"));
        var image = await TestImages.CreateImageAsync(store, new TestImageSpec { Seed = 44, LayerSizes = [40_000] });
        using var client = new RegistryClient(Registry.ClientOptions());
        await new ImagePusher(client, store).PushAsync(image.Manifest, Registry.Reference("mount/source:1"));

        var progress = new List<TransferProgress>();
        var pusher = new ImagePusher(client, store) { MountFrom = ["mount/source"] };
        await pusher.PushAsync(image.Manifest, Registry.Reference("mount/target:1"), new SyncProgress<TransferProgress>(progress.Add));
        progress.Should().NotContain(p => p.State == TransferState.Transferring);
        (await client.GetManifestAsync(Registry.HostPort, "mount/target", "1")).Digest.Should().Be(image.Manifest.Digest);
        (await client.BlobExistsAsync(Registry.HostPort, "mount/target", image.Layers[0].Descriptor.Digest)).Should().BeTrue();
    }

    public void Dispose() => _dir.Dispose();
}

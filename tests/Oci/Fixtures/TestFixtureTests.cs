using Gravity.Oci.Content;
using Gravity.Testing;

namespace Gravity.Oci.Tests.Fixtures;

public sealed class TestFixtureTests
{
    [Fact]
    public async Task Same_seed_gives_the_same_digests_and_base_layers_are_shared()
    {
        using var a = new TempDir();
        using var b = new TempDir();
        var storeA = new ContentStore(a.Path);
        var storeB = new ContentStore(b.Path);
        var one = await TestImages.CreateImageAsync(storeA, new TestImageSpec { Seed = 7, LayerSizes = [1000, 2000] });
        var two = await TestImages.CreateImageAsync(storeB, new TestImageSpec { Seed = 7, LayerSizes = [1000, 2000] });
        two.Manifest.Digest.Should().Be(one.Manifest.Digest);

        var baseLayer = await TestImages.CreateLayerAsync(storeA, 99, 4096);
        var x = await TestImages.CreateImageAsync(storeA, new TestImageSpec { Seed = 1, BaseLayers = [baseLayer] });
        var y = await TestImages.CreateImageAsync(storeA, new TestImageSpec { Seed = 2, BaseLayers = [baseLayer] });
        x.Layers[0].Should().Be(y.Layers[0]);
        x.Manifest.Digest.Should().NotBe(y.Manifest.Digest);
    }

    [Fact]
    public async Task Registry_with_auth_and_tls_accepts_a_skopeo_push_and_serves_the_same_manifest()
    {
        await using var registry = await RegistryProcess.StartAsync(new RegistryProcessOptions { Tls = true, BasicAuthUser = "alice", BasicAuthPassword = "s3cret" });
        using var dir = new TempDir();
        var store = new ContentStore(dir.Path);
        var index = await TestImages.CreateIndexAsync(store, new TestImageSpec { Seed = 3 });
        await TestImageExport.PushWithSkopeoAsync(store, index.Index, registry, "multi/app:1.0");
        var raw = await Skopeo.InspectRawAsync(Skopeo.Docker(registry, "multi/app:1.0"), registry);
        Digest.Compute(System.Text.Encoding.UTF8.GetBytes(raw)).Should().Be(index.Index.Digest);
    }
}

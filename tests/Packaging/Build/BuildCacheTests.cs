using Gravity.Packaging.Build;
using Gravity.Packaging.ClusterImage;

namespace Gravity.Packaging.Tests.Build;

public sealed class BuildCacheTests
{
    [Fact]
    public async Task Two_builds_sharing_one_cache_at_the_same_time_both_succeed_with_identical_output()
    {
        using var f = await BuildFixture.CreateAsync();
        var a = f.Dir.Combine("out", "a.tar");
        var b = f.Dir.Combine("out", "b.tar");
        await Task.WhenAll(
            Task.Run(() => ClusterImageBuilder.BuildAsync(f.Request(r => r with { OutputPath = a }))),
            Task.Run(() => ClusterImageBuilder.BuildAsync(f.Request(r => r with { OutputPath = b }))));
        (await File.ReadAllBytesAsync(a)).Should().Equal(await File.ReadAllBytesAsync(b));
        (await ClusterImageVerifier.VerifyAsync(a)).Succeeded.Should().BeTrue();
    }

    [Fact]
    public async Task Leftovers_of_a_killed_build_in_the_cache_are_never_used()
    {
        using var f = await BuildFixture.CreateAsync();
        // What a build killed mid-download leaves: a partial ingest file. Blobs only appear after verification,
        // so a rerun fetches the layer again and succeeds.
        var store = new Gravity.Oci.Content.ContentStore(StateDirectory.ContentDir(f.StateDir));
        var partial = store.NewIngestPath();
        await File.WriteAllBytesAsync(partial, new byte[100]);
        await ClusterImageBuilder.BuildAsync(f.Request());
        (await ClusterImageVerifier.VerifyAsync(f.Output)).Succeeded.Should().BeTrue();
        store.Exists(f.Web.Layers[^1].Descriptor.Digest).Should().BeTrue();
    }

    [Fact]
    public async Task A_blob_damaged_in_the_cache_is_dropped_and_fetched_again()
    {
        using var f = await BuildFixture.CreateAsync();
        await ClusterImageBuilder.BuildAsync(f.Request());
        var first = await File.ReadAllBytesAsync(f.Output);

        var store = new Gravity.Oci.Content.ContentStore(StateDirectory.ContentDir(f.StateDir));
        var layer = store.PathOf(f.Web.Layers[^1].Descriptor.Digest);
        var bytes = await File.ReadAllBytesAsync(layer);
        bytes[10] ^= 0xFF;
        File.SetUnixFileMode(layer, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        await File.WriteAllBytesAsync(layer, bytes);

        await ClusterImageBuilder.BuildAsync(f.Request(r => r with { Overwrite = true }));
        (await File.ReadAllBytesAsync(f.Output)).Should().Equal(first);
    }
}

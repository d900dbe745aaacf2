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
        Directory.Delete(Path.Combine(f.StateDir, "builds"), recursive: true); // so the archive is written, not reused

        await ClusterImageBuilder.BuildAsync(f.Request(r => r with { Overwrite = true }));
        (await File.ReadAllBytesAsync(f.Output)).Should().Equal(first);
    }

    [Fact]
    public async Task An_unchanged_rebuild_reuses_the_previous_archive_without_writing_it_again()
    {
        using var f = await BuildFixture.CreateAsync();
        await ClusterImageBuilder.BuildAsync(f.Request());
        var second = f.Dir.Combine("out", "second.tar");
        var stages = new List<string>();

        await ClusterImageBuilder.BuildAsync(f.Request(r => r with { OutputPath = second }), new RecordingProgress(stages));

        stages.Should().Contain(s => s.StartsWith("Unchanged since the last build"));
        (await File.ReadAllBytesAsync(second)).Should().Equal(await File.ReadAllBytesAsync(f.Output));
        (await ClusterImageVerifier.VerifyAsync(second)).Succeeded.Should().BeTrue();
    }

    [Fact]
    public async Task A_previous_archive_modified_in_place_is_not_reused()
    {
        using var f = await BuildFixture.CreateAsync();
        await ClusterImageBuilder.BuildAsync(f.Request());
        var pristine = await File.ReadAllBytesAsync(f.Output);
        // The output and the remembered archive are one file: damage it where it lies.
        await using (var s = new FileStream(f.Output, FileMode.Open, FileAccess.Write))
        {
            s.Position = pristine.Length / 2;
            s.WriteByte((byte)(pristine[pristine.Length / 2] ^ 0xFF));
        }
        File.SetLastWriteTimeUtc(f.Output, DateTime.UtcNow.AddSeconds(5));
        var again = f.Dir.Combine("out", "again.tar");
        var stages = new List<string>();

        await ClusterImageBuilder.BuildAsync(f.Request(r => r with { OutputPath = again }), new RecordingProgress(stages));

        stages.Should().NotContain(s => s.StartsWith("Unchanged since the last build"));
        (await File.ReadAllBytesAsync(again)).Should().Equal(pristine);
    }

    [Fact]
    public async Task Reuse_still_refuses_to_overwrite_without_force()
    {
        using var f = await BuildFixture.CreateAsync();
        await ClusterImageBuilder.BuildAsync(f.Request());
        var act = () => ClusterImageBuilder.BuildAsync(f.Request());
        (await act.Should().ThrowAsync<Gravity.Core.GravityException>()).WithMessage("*already exists*-f*");
    }

    private sealed class RecordingProgress(List<string> stages) : IBuildProgress
    {
        public void Stage(string message) => stages.Add(message);
        public void ImageStarted(Gravity.Oci.ImageReference image, string source) { }
        public void Transfer(Gravity.Oci.Transfer.TransferProgress progress) { }
        public void ImageFinished(Gravity.Oci.ImageReference image, long size, long downloaded) { }
        public void Writing(long written, long total) { }
    }
}

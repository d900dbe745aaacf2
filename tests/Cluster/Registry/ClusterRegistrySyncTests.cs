using Gravity.Cluster.Registry;
using Gravity.Cluster.Tests.Operations;
using Gravity.Core;
using Gravity.Core.Processes;
using Gravity.Oci.Registry;

namespace Gravity.Cluster.Tests.Registry;

/// <summary>
/// <see cref="ClusterRegistrySync"/> between two real `gravity registry serve` processes of one cluster: everything the
/// source holds reaches the destination's data folder with the same digests and bytes, only missing blobs are fetched,
/// each verified, and a source that does not accept the node is named.
/// </summary>
public sealed class ClusterRegistrySyncTests
{
    [Fact]
    public async Task Sync_copies_every_tag_with_its_digest_and_identical_blobs_and_a_second_sync_copies_nothing()
    {
        await using var f = await RegistrySyncFixture.CreateAsync();
        // One entry per page: catalog and tag listings are followed through their Link headers.
        using var client = new RegistryClient(ClusterRegistryServer.NodeClientOptions(f.Pki) with { PageSize = 1 });
        var log = new List<string>();

        var summary = await f.Sync().SyncAsync(client, f.Source.Address, log.Add);

        summary.Repositories.Should().Be(4);
        summary.Tags.Should().Be(RegistrySyncFixture.Tags.Length);
        summary.BlobsCopied.Should().Be(f.Blobs().Count);
        summary.BlobsSkipped.Should().Be(0);
        summary.BytesCopied.Should().Be(f.Blobs().Sum(b => b.Size));
        log.Should().Contain(l => l.Contains("copied") && l.Contains("blob(s)"));
        foreach (var tag in RegistrySyncFixture.Tags)
        {
            var (repository, name) = (tag.Split(':')[0], tag.Split(':')[1]);
            var served = await client.ResolveAsync(f.Destination.Address, repository, name);
            served?.Digest.Should().Be(f.Roots[tag].Digest, $"{tag} resolves at the destination to the source's digest");
            var source = await client.ResolveAsync(f.Source.Address, repository, name);
            served!.Digest.Should().Be(source!.Digest);
        }
        var multi = await client.GetManifestAsync(f.Destination.Address, "app/multi", "3.0");
        multi.MediaType.Should().Be(Gravity.Oci.MediaTypes.OciIndex);
        foreach (var blob in f.Blobs())
            (await File.ReadAllBytesAsync(RegistrySyncFixture.BlobPath(f.DestinationData, blob.Digest)))
                .Should().Equal(await File.ReadAllBytesAsync(RegistrySyncFixture.BlobPath(f.Source.DataDir, blob.Digest)));
        var notServiceUsers = await ProcessRunner.RunCheckedAsync("find", [f.DestinationData, "!", "-uid", InstallFixture.UnusedId.ToString(), "-print"]);
        notServiceUsers.StdOut.Trim().Should().BeEmpty("every file of the registry belongs to the service user");

        var again = await f.Sync().SyncAsync(client, f.Source.Address);
        again.BlobsCopied.Should().Be(0);
        again.ManifestsStored.Should().Be(0);
        again.TagsUpToDate.Should().Be(RegistrySyncFixture.Tags.Length);
    }

    [Fact]
    public async Task A_partially_present_destination_fetches_only_the_missing_blobs()
    {
        await using var f = await RegistrySyncFixture.CreateAsync();
        using var client = new RegistryClient(ClusterRegistryServer.NodeClientOptions(f.Pki));
        // Under another name: the blobs are in the destination's store, app/web:1.0 itself is not there yet.
        await f.PushAsync(client, f.Destination, "app/web:1.0", asName: "other/web:1.0");
        var present = f.Blobs("app/web:1.0");
        // Were a blob the destination has fetched again, this damaged copy at the source would fail the sync.
        var shared = present.OrderByDescending(b => b.Size).First();
        await CorruptAsync(RegistrySyncFixture.BlobPath(f.Source.DataDir, shared.Digest));

        var summary = await f.Sync().SyncAsync(client, f.Source.Address);

        summary.BlobsSkipped.Should().Be(present.Count);
        summary.BlobsCopied.Should().Be(f.Blobs().Count - present.Count);
        summary.BytesCopied.Should().Be(f.Blobs().Sum(b => b.Size) - present.Sum(b => b.Size));
        summary.TagsUpToDate.Should().Be(0);
        foreach (var tag in new[] { "1.0", "1.1" })
            (await client.ResolveAsync(f.Destination.Address, "app/web", tag))?.Digest.Should().Be(f.Roots[$"app/web:{tag}"].Digest);
        using var layer = await client.OpenBlobAsync(f.Destination.Address, "app/web", shared.Digest, shared.Size);
        await layer.CopyToAsync(Stream.Null); // verified while read: the destination's copy is intact
    }

    [Fact]
    public async Task A_source_serving_a_blob_that_does_not_match_its_digest_fails_and_the_blob_is_not_stored()
    {
        await using var f = await RegistrySyncFixture.CreateAsync();
        using var client = new RegistryClient(ClusterRegistryServer.NodeClientOptions(f.Pki));
        var blob = f.Blobs("app/worker:2.0").OrderByDescending(b => b.Size).First();
        await CorruptAsync(RegistrySyncFixture.BlobPath(f.Source.DataDir, blob.Digest));

        var act = () => f.Sync().SyncAsync(client, f.Source.Address);

        (await act.Should().ThrowAsync<GravityException>()).Which.Message.Should().Contain(f.Source.Address).And.Contain(blob.Digest.ToString());
        File.Exists(RegistrySyncFixture.BlobPath(f.DestinationData, blob.Digest)).Should().BeFalse();
        Directory.EnumerateFiles(Path.Combine(f.DestinationData, "content", "ingest")).Should().BeEmpty("nothing half-written stays behind");
        (await client.ResolveAsync(f.Destination.Address, "app/worker", "2.0")).Should().BeNull();
    }

    [Fact]
    public async Task A_rerun_after_a_sync_was_cut_short_completes_it()
    {
        await using var f = await RegistrySyncFixture.CreateAsync();
        using var client = new RegistryClient(ClusterRegistryServer.NodeClientOptions(f.Pki));
        await f.Sync().SyncAsync(client, f.Source.Address);
        // What a kill -9 leaves: a blob not yet renamed in (a stray ingest file), an image whose manifests were not written.
        var lost = f.Blobs("app/multi:3.0").OrderByDescending(b => b.Size).First();
        File.Delete(RegistrySyncFixture.BlobPath(f.DestinationData, lost.Digest));
        await File.WriteAllTextAsync(Path.Combine(f.DestinationData, "content", "ingest", "0123456789abcdef0123456789abcdef.partial"), "half");
        Directory.Delete(Path.Combine(f.DestinationData, "repositories", "app", "multi", "_manifests"), recursive: true);

        var summary = await f.Sync().SyncAsync(client, f.Source.Address);

        summary.BlobsCopied.Should().Be(1);
        summary.ManifestsStored.Should().Be(3, "the index and its two platform manifests");
        (await client.ResolveAsync(f.Destination.Address, "app/multi", "3.0"))?.Digest.Should().Be(f.Roots["app/multi:3.0"].Digest);
        using var layer = await client.OpenBlobAsync(f.Destination.Address, "app/multi", lost.Digest, lost.Size);
        await layer.CopyToAsync(Stream.Null);
    }

    [Fact]
    public async Task A_source_that_refuses_the_node_fails_the_sync_with_401_named()
    {
        // The source listens on 127.0.0.2 only: anonymous reads are allowed from its own addresses, not from 127.0.0.1.
        await using var f = await RegistrySyncFixture.CreateAsync(sourceHost: "127.0.0.2");
        using var anonymous = new RegistryClient(new RegistryClientOptions { CaCertificatePath = f.Pki.CaCertPath, MaxRetries = 0 });

        var act = () => f.Sync().SyncAsync(anonymous, f.Source.Address);

        (await act.Should().ThrowAsync<GravityException>()).Which.Message.Should().Contain($"the registry at {f.Source.Address} refused this node (401)")
            .And.Contain("client certificate of the cluster CA");
        Directory.EnumerateDirectories(Path.Combine(f.DestinationData, "repositories")).Should().BeEmpty();
    }

    private static async Task CorruptAsync(string path)
    {
        await using var s = new FileStream(path, FileMode.Open, FileAccess.ReadWrite);
        s.Seek(s.Length / 2, SeekOrigin.Begin);
        var b = s.ReadByte();
        s.Seek(-1, SeekOrigin.Current);
        s.WriteByte((byte)(b ^ 0xff));
    }
}

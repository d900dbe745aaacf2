using Gravity.Hub.Accounts;
using Gravity.Hub.Client;
using Gravity.Hub.Tests.Accounts;
using Gravity.Testing;

namespace Gravity.Hub.Tests.Catalog;

/// <summary>Publishing through the client library against an in-process Hub (real Kestrel, real storage).</summary>
public class PushPullTests
{
    [Fact]
    public async Task Pushed_image_is_listed_and_pulls_back_byte_identical_and_blobs_are_deduplicated()
    {
        await using var hub = await HubServer.StartAsync();
        await hub.AddUserAsync("pub", Roles.Publisher);
        using var dir = new TempDir();
        using var client = await LoginAsync(hub, "pub");
        var pusher = new ClusterImagePusher(client, new UploadStateStore(dir.Combine("uploads")));

        var v1 = await TestClusterImage.WriteAsync(dir.Path, "shop", "1.0.1", TestClusterImage.SampleFiles(1));
        var first = await pusher.PushAsync(v1, "pub", force: false);
        first.BlobsSkipped.Should().Be(0);
        first.Entry.Publisher.Should().Be("pub");

        var v2 = await TestClusterImage.WriteAsync(dir.Path, "shop", "1.0.2", TestClusterImage.SampleFiles(2));
        var second = await pusher.PushAsync(v2, "pub", force: false);
        second.BlobsSkipped.Should().Be(3, "the shared blob, install.sh and the empty file are already in the Hub");
        second.BlobsUploaded.Should().Be(3, "head, app.yaml and the version's own blob are new");

        var list = await client.ListAppsAsync();
        list.Select(e => (e.Name, e.Version, e.Publisher)).Should().Equal(("shop", "1.0.1", "pub"), ("shop", "1.0.2", "pub"));
        list[0].Size.Should().Be(new FileInfo(v1).Length);

        var puller = new ClusterImagePuller(client);
        var pulled = await puller.PullAsync("shop", null, dir.Combine("latest.tar"));
        pulled.Version.Should().Be("1.0.2", "the highest version when none is given");
        (await File.ReadAllBytesAsync(pulled.Path)).Should().Equal(await File.ReadAllBytesAsync(v2));
        var exact = await puller.PullAsync("shop", "1.0.1", dir.Combine("v1.tar"));
        (await File.ReadAllBytesAsync(exact.Path)).Should().Equal(await File.ReadAllBytesAsync(v1));
    }

    [Fact]
    public async Task Push_refuses_to_overwrite_without_force_and_remove_deletes()
    {
        await using var hub = await HubServer.StartAsync();
        await hub.AddUserAsync("pub", Roles.Publisher);
        using var dir = new TempDir();
        using var client = await LoginAsync(hub, "pub");
        var pusher = new ClusterImagePusher(client, new UploadStateStore(dir.Combine("uploads")));
        var image = await TestClusterImage.WriteAsync(dir.Path, "shop", "1.0.0", TestClusterImage.SampleFiles(1, 1000));
        await pusher.PushAsync(image, "pub", force: false);

        var again = () => pusher.PushAsync(image, "pub", force: false);
        (await again.Should().ThrowAsync<Gravity.Core.GravityException>()).Which.Message.Should().Contain("--force");
        (await pusher.PushAsync(image, "pub", force: true)).BlobsUploaded.Should().Be(0);

        (await client.DeleteAppAsync("shop", "1.0.0")).Should().BeTrue();
        (await client.DeleteAppAsync("shop", "1.0.0")).Should().BeFalse();
        (await client.ListAppsAsync()).Should().BeEmpty();
        var pull = () => new ClusterImagePuller(client).PullAsync("shop", "1.0.0", dir.Combine("x.tar"));
        (await pull.Should().ThrowAsync<Gravity.Core.GravityException>()).Which.Message.Should().Contain("not found");
        File.Exists(dir.Combine("x.tar")).Should().BeFalse();
    }

    [Fact]
    public async Task Interrupted_push_resumes_and_uploads_only_the_rest()
    {
        await using var hub = await HubServer.StartAsync();
        await hub.AddUserAsync("pub", Roles.Publisher);
        using var dir = new TempDir();
        using var client = await LoginAsync(hub, "pub");
        var files = new Dictionary<string, byte[]> { ["a"] = TestClusterImage.Bytes(1, 400_000), ["b"] = TestClusterImage.Bytes(2, 400_000) };
        var image = await TestClusterImage.WriteAsync(dir.Path, "big", "2.0.0", files);
        var uploads = new UploadStateStore(dir.Combine("uploads"));
        var pusher = new ClusterImagePusher(client, uploads) { ChunkSize = 64 * 1024 };

        // Interrupt once "b" (the last blob) is half uploaded: "a" and head are complete, "b" has a session at some offset.
        using var cts = new CancellationTokenSource();
        var progress = new SyncProgress<TransferProgress>(p => { if (p.BytesDone >= p.BytesTotal - 200_000) cts.Cancel(); });
        var interrupted = () => pusher.PushAsync(image, "pub", force: false, progress, cts.Token);
        await interrupted.Should().ThrowAsync<OperationCanceledException>();
        Directory.GetFiles(uploads.Dir).Should().ContainSingle("the session of the half-sent blob is remembered");

        var resumed = await new ClusterImagePusher(client, uploads) { ChunkSize = 64 * 1024 }.PushAsync(image, "pub", force: false);
        resumed.BlobsUploaded.Should().Be(1, "only the interrupted blob");
        resumed.BytesUploaded.Should().BeLessThan(400_000, "it continued from the Hub's offset").And.BeGreaterThan(0);
        Directory.GetFiles(uploads.Dir).Should().BeEmpty();

        var pulled = await new ClusterImagePuller(client).PullAsync("big", "2.0.0", dir.Combine("pulled.tar"));
        (await File.ReadAllBytesAsync(pulled.Path)).Should().Equal(await File.ReadAllBytesAsync(image));
    }

    [Fact]
    public async Task Reader_can_list_and_pull_but_not_push_or_remove()
    {
        await using var hub = await HubServer.StartAsync();
        await hub.AddUserAsync("pub", Roles.Publisher);
        await hub.AddUserAsync("rdr", Roles.Reader);
        using var dir = new TempDir();
        var image = await TestClusterImage.WriteAsync(dir.Path, "shop", "1.0.0", TestClusterImage.SampleFiles(1, 1000));
        using (var publisher = await LoginAsync(hub, "pub"))
            await new ClusterImagePusher(publisher, new UploadStateStore(dir.Combine("u1"))).PushAsync(image, "pub", false);

        using var reader = await LoginAsync(hub, "rdr");
        (await reader.ListAppsAsync()).Should().ContainSingle();
        await new ClusterImagePuller(reader).PullAsync("shop", "1.0.0", dir.Combine("p.tar"));
        var image2 = await TestClusterImage.WriteAsync(dir.Path, "shop", "1.0.1", TestClusterImage.SampleFiles(7, 1000));
        var push = () => new ClusterImagePusher(reader, new UploadStateStore(dir.Combine("u2"))).PushAsync(image2, "rdr", false);
        (await push.Should().ThrowAsync<HubApiException>()).Which.Status.Should().Be(System.Net.HttpStatusCode.Forbidden);
        var rm = () => reader.DeleteAppAsync("shop", "1.0.0");
        (await rm.Should().ThrowAsync<HubApiException>()).Which.Status.Should().Be(System.Net.HttpStatusCode.Forbidden);
    }

    internal static async Task<HubClient> LoginAsync(HubServer hub, string user)
    {
        var connection = new HubConnection(new Uri(hub.Url + "/"), Insecure: true); // plain HTTP on loopback
        using var anonymous = new HubClient(connection);
        var login = await anonymous.LoginAsync(user, HubServer.Password);
        return new HubClient(connection, login.Token);
    }
}

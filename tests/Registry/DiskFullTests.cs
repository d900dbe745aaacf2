using System.Net;
using Gravity.Core.Processes;
using Gravity.Oci;
using Gravity.Testing;
using static Gravity.Testing.RegistryHttp;

namespace Gravity.Registry.Tests;

/// <summary>
/// The registry on a full disk (an 8 MiB tmpfs as its data folder): a push that does not fit fails with the
/// specification's JSON error, its partial data is removed at once, and a push that fits works right after.
/// </summary>
public sealed class DiskFullTests
{
    private const int SpaceMiB = 8;

    [TmpfsFact]
    public async Task Chunked_push_larger_than_the_disk_fails_with_a_json_error_and_frees_its_space()
    {
        await WithFullDiskServerAsync(async server =>
        {
            using var http = server.Client();
            using var start = await http.PostAsync("/v2/big/app/blobs/uploads/", null);
            start.StatusCode.Should().Be(HttpStatusCode.Accepted);
            var location = start.Headers.Location!.ToString();

            using var patch = await http.PatchAsync(location, Octets(Bytes(SpaceMiB + 4)));
            await ShouldBeDiskFullAsync(patch);
            Directory.EnumerateFileSystemEntries(server.Storage.Uploads.Root).Should().BeEmpty("the failed session's data is removed at once");
            (await http.GetAsync(location)).StatusCode.Should().Be(HttpStatusCode.NotFound);

            await ShouldPushSmallImageAsync(http);
        });
    }

    [TmpfsFact]
    public async Task Monolithic_push_larger_than_the_disk_fails_with_a_json_error_and_frees_its_space()
    {
        await WithFullDiskServerAsync(async server =>
        {
            using var http = server.Client();
            var data = Bytes(SpaceMiB + 4);
            using var post = await http.PostAsync($"/v2/big/app/blobs/uploads/?digest={Digest.Compute(data)}", Octets(data));
            await ShouldBeDiskFullAsync(post);
            Directory.EnumerateFileSystemEntries(server.Storage.Uploads.Root).Should().BeEmpty();

            await ShouldPushSmallImageAsync(http);
        });
    }

    private static async Task ShouldBeDiskFullAsync(HttpResponseMessage response)
    {
        response.StatusCode.Should().Be(HttpStatusCode.InsufficientStorage);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/json");
        var body = System.Text.Json.Nodes.JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        body["errors"]![0]!["code"]!.GetValue<string>().Should().Be("UNKNOWN");
        body["errors"]![0]!["message"]!.GetValue<string>().Should().Contain("no space left");
    }

    private static async Task ShouldPushSmallImageAsync(HttpClient http)
    {
        var layer = Bytes(1);
        var config = "{}"u8.ToArray();
        var layerDigest = await PushBlobAsync(http, "small/app", layer);
        var configDigest = await PushBlobAsync(http, "small/app", config);
        using var put = await PutManifestAsync(http, "small/app", "v1",
            ManifestJson((configDigest, config.Length), [(layerDigest, layer.Length)]), MediaTypes.OciManifest);
        put.StatusCode.Should().Be(HttpStatusCode.Created);
        (await http.GetByteArrayAsync($"/v2/small/app/blobs/{layerDigest}")).Should().Equal(layer);
    }

    private static byte[] Bytes(int mebibytes)
    {
        var data = new byte[mebibytes << 20];
        new Random(mebibytes).NextBytes(data);
        return data;
    }

    private static async Task WithFullDiskServerAsync(Func<RegistryTestServer, Task> test)
    {
        using var dir = new TempDir("registry-tmpfs");
        var mount = dir.Combine("data");
        Directory.CreateDirectory(mount);
        await ProcessRunner.RunCheckedAsync("mount", ["-t", "tmpfs", "-o", $"size={SpaceMiB}m", "tmpfs", mount], timeout: TimeSpan.FromSeconds(30));
        try
        {
            await using var server = await RegistryTestServer.StartAsync(dataDir: mount);
            await test(server);
        }
        finally
        {
            await ProcessRunner.RunCheckedAsync("umount", [mount], timeout: TimeSpan.FromSeconds(30));
        }
    }
}

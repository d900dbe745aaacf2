using System.Net;
using Gravity.Oci;
using static Gravity.Testing.RegistryHttp;

namespace Gravity.Registry.Tests;

public sealed class BlobUploadTests : RegistryServerTests
{
    private static byte[] Data(int size, int seed = 1)
    {
        var b = new byte[size];
        new Random(seed).NextBytes(b);
        return b;
    }

    private async Task<string> StartUploadAsync(string repo)
    {
        using var r = await Http.PostAsync($"/v2/{repo}/blobs/uploads/", null);
        r.StatusCode.Should().Be(HttpStatusCode.Accepted);
        r.Headers.GetValues("Docker-Upload-UUID").Should().ContainSingle();
        return r.Headers.Location!.OriginalString;
    }

    private async Task<HttpResponseMessage> PatchAsync(string location, byte[] data, int offset, int count)
    {
        var req = new HttpRequestMessage(HttpMethod.Patch, location) { Content = Octets(data, offset, count) };
        req.Content.Headers.TryAddWithoutValidation("Content-Range", $"{offset}-{offset + count - 1}");
        return await Http.SendAsync(req);
    }

    [Fact]
    public async Task Monolithic_upload_is_served_back_with_digest_and_length()
    {
        var data = Data(300_000);
        var digest = await PushBlobAsync(Http, "app/web", data);

        using var get = await Http.GetAsync($"/v2/app/web/blobs/{digest}");
        get.StatusCode.Should().Be(HttpStatusCode.OK);
        get.Headers.GetValues("Docker-Content-Digest").Single().Should().Be(digest.ToString());
        get.Content.Headers.ContentLength.Should().Be(data.Length);
        (await get.Content.ReadAsByteArrayAsync()).Should().Equal(data);

        using var head = await Http.SendAsync(new HttpRequestMessage(HttpMethod.Head, $"/v2/app/web/blobs/{digest}"));
        head.StatusCode.Should().Be(HttpStatusCode.OK);
        head.Content.Headers.ContentLength.Should().Be(data.Length);
        head.Headers.GetValues("Docker-Distribution-API-Version").Single().Should().Be("registry/2.0");
    }

    [Fact]
    public async Task Chunked_upload_rejects_out_of_order_chunk_with_416_and_completes_in_order()
    {
        var data = Data(200_000, seed: 2);
        var location = await StartUploadAsync("chunks/repo");

        using (var first = await PatchAsync(location, data, 0, 70_000))
        {
            first.StatusCode.Should().Be(HttpStatusCode.Accepted);
            first.Headers.GetValues("Range").Single().Should().Be("0-69999");
            location = first.Headers.Location!.OriginalString;
        }
        using (var skipped = await PatchAsync(location, data, 140_000, 60_000))
        {
            skipped.StatusCode.Should().Be(HttpStatusCode.RequestedRangeNotSatisfiable);
            (await ErrorCodeAsync(skipped)).Should().Be("BLOB_UPLOAD_INVALID");
        }
        using (var status = await Http.GetAsync(location))
        {
            status.StatusCode.Should().Be(HttpStatusCode.NoContent);
            status.Headers.GetValues("Range").Single().Should().Be("0-69999");
        }
        using (var second = await PatchAsync(location, data, 70_000, 70_000)) second.StatusCode.Should().Be(HttpStatusCode.Accepted);

        var digest = Digest.Compute(data);
        var put = new HttpRequestMessage(HttpMethod.Put, $"{location}?digest={digest}") { Content = Octets(data, 140_000, 60_000) };
        put.Content.Headers.TryAddWithoutValidation("Content-Range", "140000-199999");
        using var done = await Http.SendAsync(put);
        done.StatusCode.Should().Be(HttpStatusCode.Created, await done.Content.ReadAsStringAsync());
        done.Headers.Location!.OriginalString.Should().Be($"/v2/chunks/repo/blobs/{digest}");
        (await Http.GetByteArrayAsync($"/v2/chunks/repo/blobs/{digest}")).Should().Equal(data);

        using var gone = await Http.GetAsync(location);
        gone.StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await ErrorCodeAsync(gone)).Should().Be("BLOB_UPLOAD_UNKNOWN");
    }

    [Fact]
    public async Task Upload_resumes_from_reported_offset_after_server_restart()
    {
        var data = Data(150_000, seed: 3);
        var location = await StartUploadAsync("resume/me");
        using (var first = await PatchAsync(location, data, 0, 100_000)) first.StatusCode.Should().Be(HttpStatusCode.Accepted);

        var dataDir = Server.DataDir;
        var port = new Uri(Server.Url).Port;
        Http.Dispose();
        await Server.App.StopAsync();
        await Server.App.DisposeAsync();
        Server = await RegistryTestServer.StartAsync(dataDir, port: port);
        Http = Server.Client();

        long offset;
        using (var status = await Http.GetAsync(location))
        {
            status.StatusCode.Should().Be(HttpStatusCode.NoContent);
            offset = long.Parse(status.Headers.GetValues("Range").Single().Split('-')[1]) + 1;
        }
        offset.Should().Be(100_000);
        var digest = Digest.Compute(data);
        using var done = await Http.PutAsync($"{location}?digest={digest}", Octets(data, (int)offset));
        done.StatusCode.Should().Be(HttpStatusCode.Created);
        (await Http.GetByteArrayAsync($"/v2/resume/me/blobs/{digest}")).Should().Equal(data);
    }

    [Fact]
    public async Task Wrong_digest_is_DIGEST_INVALID_and_leaves_nothing_visible()
    {
        var data = Data(50_000, seed: 4);
        var claimed = Digest.Compute(Data(50_000, seed: 5));
        using var r = await Http.PostAsync($"/v2/bad/digest/blobs/uploads/?digest={claimed}", Octets(data));
        r.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await ErrorCodeAsync(r)).Should().Be("DIGEST_INVALID");

        foreach (var d in new[] { claimed, Digest.Compute(data) })
        {
            using var head = await Http.SendAsync(new HttpRequestMessage(HttpMethod.Head, $"/v2/bad/digest/blobs/{d}"));
            head.StatusCode.Should().Be(HttpStatusCode.NotFound);
            Server.Storage.Content.Exists(d).Should().BeFalse();
        }
        Directory.EnumerateFileSystemEntries(Server.Storage.Uploads.Root).Should().BeEmpty();
    }

    [Fact]
    public async Task Truncated_upload_never_becomes_visible()
    {
        var data = Data(80_000, seed: 6);
        var digest = Digest.Compute(data);
        var location = await StartUploadAsync("trunc/repo");
        // Complete with only part of the content: the digest cannot match.
        using var r = await Http.PutAsync($"{location}?digest={digest}", Octets(data, 0, 60_000));
        r.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await ErrorCodeAsync(r)).Should().Be("DIGEST_INVALID");
        Server.Storage.Content.Exists(digest).Should().BeFalse();

        // A body cut off mid-request by the client: what arrived is kept for a resume, nothing is visible.
        var location2 = await StartUploadAsync("trunc/repo");
        var uri = new Uri(new Uri(Server.Url), location2);
        using (var tcp = new System.Net.Sockets.TcpClient())
        {
            await tcp.ConnectAsync("127.0.0.1", uri.Port);
            var stream = tcp.GetStream();
            var head = $"PATCH {uri.PathAndQuery} HTTP/1.1\r\nHost: {uri.Authority}\r\nContent-Type: application/octet-stream\r\nContent-Length: {data.Length}\r\n\r\n";
            await stream.WriteAsync(System.Text.Encoding.ASCII.GetBytes(head));
            await stream.WriteAsync(data.AsMemory(0, 30_000));
            await stream.FlushAsync();
        }
        // The server keeps at most what arrived (a prefix of the content); the client resumes from the reported offset.
        long offset;
        using (var status = await Http.GetAsync(location2))
        {
            status.StatusCode.Should().Be(HttpStatusCode.NoContent);
            var range = status.Headers.GetValues("Range").Single();
            offset = range == "0-0" && new FileInfo(Path.Combine(Server.Storage.Uploads.Root, location2.Split('/')[^1], "data")).Length == 0
                ? 0 : long.Parse(range.Split('-')[1]) + 1;
        }
        offset.Should().BeInRange(0, 30_000);
        using (var blob = await Http.SendAsync(new HttpRequestMessage(HttpMethod.Head, $"/v2/trunc/repo/blobs/{digest}")))
            blob.StatusCode.Should().Be(HttpStatusCode.NotFound);
        using var done = await Http.PutAsync($"{location2}?digest={digest}", Octets(data, (int)offset));
        done.StatusCode.Should().Be(HttpStatusCode.Created, await done.Content.ReadAsStringAsync());
        (await Http.GetByteArrayAsync($"/v2/trunc/repo/blobs/{digest}")).Should().Equal(data);
    }

    [Fact]
    public async Task Concurrent_uploads_of_the_same_blob_all_succeed()
    {
        var data = Data(400_000, seed: 7);
        var digest = Digest.Compute(data);
        var tasks = Enumerable.Range(0, 8).Select(async i =>
        {
            using var r = await Http.PostAsync($"/v2/same/blob{i % 2}/blobs/uploads/?digest={digest}", Octets(data));
            return r.StatusCode;
        });
        (await Task.WhenAll(tasks)).Should().AllBeEquivalentTo(HttpStatusCode.Created);
        (await Http.GetByteArrayAsync($"/v2/same/blob0/blobs/{digest}")).Should().Equal(data);
        (await Server.Storage.Content.VerifyAsync(digest)).Should().BeTrue();
        Directory.EnumerateFileSystemEntries(Server.Storage.Uploads.Root).Should().BeEmpty();
    }

    [Fact]
    public async Task Cross_repository_mount_links_an_existing_blob_and_falls_back_to_an_upload()
    {
        var digest = await PushBlobAsync(Http, "mount/source", Data(10_000, seed: 8));
        using (var r = await Http.PostAsync($"/v2/mount/target/blobs/uploads/?mount={digest}&from=mount/source", null))
        {
            r.StatusCode.Should().Be(HttpStatusCode.Created);
            r.Headers.Location!.OriginalString.Should().Be($"/v2/mount/target/blobs/{digest}");
        }
        using (var head = await Http.SendAsync(new HttpRequestMessage(HttpMethod.Head, $"/v2/mount/target/blobs/{digest}")))
            head.StatusCode.Should().Be(HttpStatusCode.OK);

        var unknown = Digest.Compute(Data(10, seed: 9));
        using var fallback = await Http.PostAsync($"/v2/mount/target/blobs/uploads/?mount={unknown}&from=mount/source", null);
        fallback.StatusCode.Should().Be(HttpStatusCode.Accepted);
        fallback.Headers.Location!.OriginalString.Should().StartWith("/v2/mount/target/blobs/uploads/");
    }

    [Fact]
    public async Task Cancelled_and_abandoned_uploads_are_removed()
    {
        var cancelled = await StartUploadAsync("cancel/repo");
        using (var del = await Http.DeleteAsync(cancelled)) del.StatusCode.Should().Be(HttpStatusCode.NoContent);
        using (var status = await Http.GetAsync(cancelled)) status.StatusCode.Should().Be(HttpStatusCode.NotFound);

        var abandoned = await StartUploadAsync("cancel/repo");
        using (var p = await PatchAsync(abandoned, Data(1000), 0, 1000)) p.StatusCode.Should().Be(HttpStatusCode.Accepted);
        Server.Storage.Uploads.CleanExpired(TimeSpan.FromHours(1)).Should().Be(0);
        Server.Storage.Uploads.CleanExpired(TimeSpan.Zero).Should().Be(1);
        using (var status = await Http.GetAsync(abandoned)) status.StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Deleted_blob_is_no_longer_served_from_that_repository()
    {
        var digest = await PushBlobAsync(Http, "del/a", Data(1000, seed: 10));
        await PushBlobAsync(Http, "del/b", Data(1000, seed: 10));
        using (var del = await Http.DeleteAsync($"/v2/del/a/blobs/{digest}")) del.StatusCode.Should().Be(HttpStatusCode.Accepted);
        using (var a = await Http.GetAsync($"/v2/del/a/blobs/{digest}"))
        {
            a.StatusCode.Should().Be(HttpStatusCode.NotFound);
            (await ErrorCodeAsync(a)).Should().Be("BLOB_UNKNOWN");
        }
        using var b = await Http.GetAsync($"/v2/del/b/blobs/{digest}");
        b.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Range_requests_return_206_with_the_requested_bytes()
    {
        var data = Data(100_000, seed: 11);
        var digest = await PushBlobAsync(Http, "range/repo", data);
        var req = new HttpRequestMessage(HttpMethod.Get, $"/v2/range/repo/blobs/{digest}");
        req.Headers.Range = new System.Net.Http.Headers.RangeHeaderValue(1000, 1999);
        using var r = await Http.SendAsync(req);
        r.StatusCode.Should().Be(HttpStatusCode.PartialContent);
        r.Content.Headers.ContentRange!.ToString().Should().Be($"bytes 1000-1999/{data.Length}");
        (await r.Content.ReadAsByteArrayAsync()).Should().Equal(data[1000..2000]);

        var tail = new HttpRequestMessage(HttpMethod.Get, $"/v2/range/repo/blobs/{digest}");
        tail.Headers.Range = new System.Net.Http.Headers.RangeHeaderValue(99_990, null);
        using var t = await Http.SendAsync(tail);
        t.StatusCode.Should().Be(HttpStatusCode.PartialContent);
        (await t.Content.ReadAsByteArrayAsync()).Should().Equal(data[99_990..]);

        var suffix = new HttpRequestMessage(HttpMethod.Get, $"/v2/range/repo/blobs/{digest}");
        suffix.Headers.Range = new System.Net.Http.Headers.RangeHeaderValue(null, 100);
        using (var sfx = await Http.SendAsync(suffix))
        {
            sfx.StatusCode.Should().Be(HttpStatusCode.PartialContent);
            (await sfx.Content.ReadAsByteArrayAsync()).Should().Equal(data[^100..]);
        }

        var bad = new HttpRequestMessage(HttpMethod.Get, $"/v2/range/repo/blobs/{digest}");
        bad.Headers.Range = new System.Net.Http.Headers.RangeHeaderValue(200_000, 300_000);
        using var b = await Http.SendAsync(bad);
        b.StatusCode.Should().Be(HttpStatusCode.RequestedRangeNotSatisfiable);
        b.Content.Headers.ContentRange!.ToString().Should().Be($"bytes */{data.Length}");
    }

    [Fact]
    public async Task Upload_session_belongs_to_its_repository()
    {
        var location = await StartUploadAsync("owner/repo");
        var id = location.Split('/')[^1];
        using var other = await Http.GetAsync($"/v2/other/repo/blobs/uploads/{id}");
        other.StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await ErrorCodeAsync(other)).Should().Be("BLOB_UPLOAD_UNKNOWN");
        using var bogus = await Http.GetAsync("/v2/owner/repo/blobs/uploads/..%2F..%2Fetc");
        bogus.StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Chunk_whose_Content_Range_disagrees_with_its_length_is_rejected()
    {
        var location = await StartUploadAsync("range/check");
        var req = new HttpRequestMessage(HttpMethod.Patch, location) { Content = Octets(Data(100)) };
        req.Content.Headers.TryAddWithoutValidation("Content-Range", "0-49");
        using var r = await Http.SendAsync(req);
        r.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await ErrorCodeAsync(r)).Should().Be("BLOB_UPLOAD_INVALID");
        using var status = await Http.GetAsync(location);
        status.Headers.GetValues("Range").Single().Should().Be("0-0");
    }
}

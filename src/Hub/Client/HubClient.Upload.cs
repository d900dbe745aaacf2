using System.Net;
using System.Net.Http.Headers;
using Gravity.Oci;

namespace Gravity.Hub.Client;

/// <summary>Chunked, resumable blob uploads (POST, PATCH with Content-Range, PUT with digest).</summary>
public sealed partial class HubClient
{
    public const int DefaultChunkSize = 16 << 20;

    /// <summary>
    /// Uploads a blob the Hub lacks, in chunks, continuing a session recorded in <paramref name="state"/> from the offset
    /// the Hub reports. <paramref name="openAt"/> opens the content positioned at the given offset. Returns the bytes sent.
    /// </summary>
    public async Task<long> UploadBlobAsync(string repository, Digest digest, long size, Func<long, CancellationToken, Task<Stream>> openAt,
        UploadStateStore state, IProgress<long>? progress = null, int chunkSize = DefaultChunkSize, CancellationToken ct = default)
    {
        var location = state.Get(Connection.BaseUri, repository, digest);
        long offset = 0;
        var resumedSession = false;
        if (location is not null)
        {
            var resumed = await GetUploadOffsetAsync(location, ct);
            if (resumed is null) location = null;
            else (offset, resumedSession) = (resumed.Value, true);
        }
        if (location is null || offset > size)
        {
            location = await StartUploadAsync(repository, ct);
            (offset, resumedSession) = (0, false);
            await state.SaveAsync(Connection.BaseUri, repository, digest, location);
        }

        try
        {
            return await SendChunksAsync(repository, digest, size, openAt, state, location, offset, progress, chunkSize, ct);
        }
        catch (HubApiException e) when (resumedSession && e.Status is HttpStatusCode.RequestedRangeNotSatisfiable or HttpStatusCode.NotFound or HttpStatusCode.BadRequest)
        {
            // The session the Hub reported does not line up after all (e.g. an ambiguous empty range): start over once.
            state.Delete(digest);
            var fresh = await StartUploadAsync(repository, ct);
            await state.SaveAsync(Connection.BaseUri, repository, digest, fresh);
            return await SendChunksAsync(repository, digest, size, openAt, state, fresh, 0, progress, chunkSize, ct);
        }
    }

    private async Task<long> SendChunksAsync(string repository, Digest digest, long size, Func<long, CancellationToken, Task<Stream>> openAt,
        UploadStateStore state, Uri location, long offset, IProgress<long>? progress, int chunkSize, CancellationToken ct)
    {
        long sent = 0;
        progress?.Report(offset);
        await using (var content = await openAt(offset, ct))
        {
            while (offset < size)
            {
                var length = (int)Math.Min(chunkSize, size - offset);
                var request = new HttpRequestMessage(HttpMethod.Patch, location) { Content = new ChunkContent(content, length) };
                request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
                request.Content.Headers.TryAddWithoutValidation("Content-Range", $"{offset}-{offset + length - 1}");
                using (var response = await SendAsync(request, ct))
                {
                    await EnsureSuccessAsync(response, ct);
                    location = ResolveLocation(response, location);
                }
                offset += length;
                sent += length;
                await state.SaveAsync(Connection.BaseUri, repository, digest, location);
                progress?.Report(offset);
            }
        }
        var separator = location.Query.Length > 0 ? "&" : "?";
        var put = new HttpRequestMessage(HttpMethod.Put, new Uri(location + $"{separator}digest={Uri.EscapeDataString(digest.ToString())}"))
        {
            Content = new ByteArrayContent([]),
        };
        put.Content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        using (var response = await SendAsync(put, ct)) await EnsureSuccessAsync(response, ct);
        state.Delete(digest);
        return sent;
    }

    private async Task<Uri> StartUploadAsync(string repository, CancellationToken ct)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"v2/{repository}/blobs/uploads/");
        using var response = await SendAsync(request, ct);
        await EnsureSuccessAsync(response, ct);
        return ResolveLocation(response, new Uri(Connection.BaseUri, $"v2/{repository}/blobs/uploads/"));
    }

    /// <summary>The next offset of an upload session, from the Hub's Range header; null when the session is gone.</summary>
    private async Task<long?> GetUploadOffsetAsync(Uri location, CancellationToken ct)
    {
        using var response = await SendAsync(new HttpRequestMessage(HttpMethod.Get, location), ct);
        if (!response.IsSuccessStatusCode) return null;
        if (!response.Headers.TryGetValues("Range", out var values)) return 0;
        var range = values.FirstOrDefault() ?? "";
        var dash = range.IndexOf('-');
        if (dash < 0 || !long.TryParse(range[(dash + 1)..], out var end)) return null;
        // "0-0" means nothing (or one byte) received; resending from 0 is rejected in the one-byte case and retried fresh.
        return end == 0 ? 0 : end + 1;
    }

    private Uri ResolveLocation(HttpResponseMessage response, Uri current)
    {
        var location = response.Headers.Location;
        if (location is null) return current;
        return location.IsAbsoluteUri ? location : new Uri(Connection.BaseUri, location);
    }

    /// <summary>Exactly <c>length</c> bytes of a stream, which stays open for the next chunk.</summary>
    private sealed class ChunkContent(Stream source, int length) : HttpContent
    {
        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken ct)
        {
            var buffer = new byte[Math.Min(length, 1 << 17)];
            var remaining = length;
            while (remaining > 0)
            {
                var n = await source.ReadAsync(buffer.AsMemory(0, Math.Min(buffer.Length, remaining)), ct);
                if (n == 0) throw new InvalidDataException($"content ended {remaining} bytes before the end of the chunk");
                await stream.WriteAsync(buffer.AsMemory(0, n), ct);
                remaining -= n;
            }
        }

        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => SerializeToStreamAsync(stream, context, CancellationToken.None);

        protected override bool TryComputeLength(out long l)
        {
            l = length;
            return true;
        }
    }
}

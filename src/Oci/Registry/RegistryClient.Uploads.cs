using System.Net;
using System.Net.Http.Headers;
using Gravity.Oci.Content;

namespace Gravity.Oci.Registry;

public sealed partial class RegistryClient
{
    /// <summary>
    /// Uploads a blob: one PUT up to <see cref="RegistryClientOptions.MonolithicUploadLimit"/>, PATCH chunks above it.
    /// <paramref name="open"/> is called again when an attempt fails and the upload restarts.
    /// </summary>
    public async Task UploadBlobAsync(string registry, string repository, Digest digest, long size, Func<Stream> open,
        IProgress<long>? progress = null, CancellationToken ct = default)
    {
        var what = $"uploading blob {digest} to {registry}/{repository}";
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await UploadOnceAsync(registry, repository, digest, size, open, progress, what, ct).ConfigureAwait(false);
                return;
            }
            catch (Exception ex) when (attempt < _transport.MaxAttempts && IsRetryableUploadFailure(ex, ct))
            {
                await _transport.DelayAsync(attempt, ct).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Asks the registry to link a blob it already holds in <paramref name="fromRepository"/>; false when it did not (then upload).</summary>
    public async Task<bool> MountBlobAsync(string registry, string repository, Digest digest, string fromRepository, CancellationToken ct = default)
    {
        var what = $"mounting blob {digest} from {fromRepository} into {registry}/{repository}";
        var scope = $"{PushScope(repository)} {PullScope(fromRepository)}";
        using var response = await _transport.SendAsync(registry, scope, b => new HttpRequestMessage(HttpMethod.Post,
            new Uri(b, $"v2/{repository}/blobs/uploads/?mount={Uri.EscapeDataString(digest.ToString())}&from={Uri.EscapeDataString(fromRepository)}")), what, ct: ct).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.Created) return true;
        if (response.StatusCode == HttpStatusCode.Accepted)
        {
            await CancelUploadAsync(registry, scope, response, ct).ConfigureAwait(false);
            return false;
        }
        throw await RegistryException.FromResponseAsync(response, what, ct).ConfigureAwait(false);
    }

    private async Task UploadOnceAsync(string registry, string repository, Digest digest, long size, Func<Stream> open,
        IProgress<long>? progress, string what, CancellationToken ct)
    {
        var scope = PushScope(repository);
        Uri location;
        using (var start = await _transport.SendAsync(registry, scope,
                   b => new HttpRequestMessage(HttpMethod.Post, new Uri(b, $"v2/{repository}/blobs/uploads/")), what, ct: ct).ConfigureAwait(false))
        {
            if (start.StatusCode != HttpStatusCode.Accepted) throw await RegistryException.FromResponseAsync(start, what, ct).ConfigureAwait(false);
            location = UploadLocation(start, what);
        }

        if (size <= Options.MonolithicUploadLimit)
        {
            await FinishAsync(registry, scope, location, digest, what, () =>
            {
                var content = new StreamContent(new ProgressReadStream(open(), progress));
                content.Headers.ContentLength = size;
                return content;
            }, ct).ConfigureAwait(false);
            return;
        }

        await using var source = open();
        long offset = 0;
        while (offset < size)
        {
            var length = Math.Min(Options.UploadChunkSize, size - offset);
            var chunkStart = offset;
            var sent = false;
            var chunkLocation = location;
            using var response = await _transport.SendAsync(registry, scope, _ =>
            {
                // The shared source cannot be rewound: a chunk is sent once, a failure restarts the whole upload.
                if (sent) throw new IOException("upload chunk cannot be resent");
                sent = true;
                var content = new StreamContent(new ProgressReadStream(source, progress, length, leaveOpen: true, initial: chunkStart));
                content.Headers.ContentLength = length;
                content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
                content.Headers.TryAddWithoutValidation("Content-Range", $"{chunkStart}-{chunkStart + length - 1}");
                return new HttpRequestMessage(HttpMethod.Patch, chunkLocation) { Content = content };
            }, what, retry: false, ct: ct).ConfigureAwait(false);
            if (response.StatusCode != HttpStatusCode.Accepted) throw await RegistryException.FromResponseAsync(response, what, ct).ConfigureAwait(false);
            location = UploadLocation(response, what);
            offset += length;
        }
        await FinishAsync(registry, scope, location, digest, what, () => new ByteArrayContent([]), ct).ConfigureAwait(false);
    }

    private async Task FinishAsync(string registry, string scope, Uri location, Digest digest, string what, Func<HttpContent> content, CancellationToken ct)
    {
        var separator = string.IsNullOrEmpty(location.Query) ? "?" : "&";
        var url = new Uri(location + separator + "digest=" + Uri.EscapeDataString(digest.ToString()));
        HttpContent? last = null;
        using var response = await _transport.SendAsync(registry, scope, _ =>
        {
            var c = last = content();
            c.Headers.ContentType ??= new MediaTypeHeaderValue("application/octet-stream");
            return new HttpRequestMessage(HttpMethod.Put, url) { Content = c };
        }, what, retry: false, ct: ct).ConfigureAwait(false);
        last?.Dispose();
        if (response.StatusCode != HttpStatusCode.Created) throw await RegistryException.FromResponseAsync(response, what, ct).ConfigureAwait(false);
    }

    private async Task CancelUploadAsync(string registry, string scope, HttpResponseMessage started, CancellationToken ct)
    {
        try
        {
            var location = UploadLocation(started, "cancelling upload");
            using var _ = await _transport.SendAsync(registry, scope, b => new HttpRequestMessage(HttpMethod.Delete, location), "cancelling upload", retry: false, ct: ct).ConfigureAwait(false);
        }
        catch (RegistryException)
        {
            // The registry expires abandoned upload sessions by itself.
        }
    }

    private static Uri UploadLocation(HttpResponseMessage response, string what)
    {
        var location = response.Headers.Location ?? throw new RegistryException($"{what}: registry sent no upload location");
        return location.IsAbsoluteUri ? location : new Uri(response.RequestMessage!.RequestUri!, location);
    }

    private static bool IsRetryableUploadFailure(Exception ex, CancellationToken ct)
        => ex is RegistryException { StatusCode: { } status } ? RegistryTransport.IsTransient(status)
            : ex is RegistryException r ? r.InnerException is not null && RegistryTransport.IsNetworkError(r.InnerException, ct)
            : RegistryTransport.IsNetworkError(ex, ct);
}

using System.Net;
using System.Net.Http.Headers;
using Gravity.Oci;

namespace Gravity.Hub.Client;

/// <summary>The OCI Distribution calls tele needs, over the same authenticated HttpClient.</summary>
public sealed partial class HubClient
{
    public async Task<bool> ManifestExistsAsync(string repository, string reference, CancellationToken ct = default)
    {
        var request = new HttpRequestMessage(HttpMethod.Head, $"v2/{repository}/manifests/{reference}");
        foreach (var accept in MediaTypes.ManifestAccept) request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(accept));
        using var response = await SendAsync(request, ct);
        if (response.StatusCode == HttpStatusCode.NotFound) return false;
        await EnsureSuccessAsync(response, ct);
        return true;
    }

    /// <summary>The manifest bytes, verified against the digest the registry names; null when unknown.</summary>
    public async Task<(byte[] Content, Digest Digest)?> GetManifestAsync(string repository, string reference, CancellationToken ct = default)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, $"v2/{repository}/manifests/{reference}");
        foreach (var accept in MediaTypes.ManifestAccept) request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(accept));
        using var response = await SendAsync(request, ct);
        if (response.StatusCode == HttpStatusCode.NotFound) return null;
        await EnsureSuccessAsync(response, ct);
        var content = await response.Content.ReadAsByteArrayAsync(ct);
        var digest = Digest.Compute(content);
        if (response.Headers.TryGetValues("Docker-Content-Digest", out var values) && Digest.TryParse(values.FirstOrDefault(), out var claimed) && claimed != digest)
            throw new InvalidDataException($"manifest {repository}:{reference}: content digest {digest} does not match {claimed} sent by the Hub");
        if (Digest.TryParse(reference, out var asked) && asked != digest)
            throw new InvalidDataException($"manifest {repository}@{reference}: received content has digest {digest}");
        return (content, digest);
    }

    public async Task<Digest> PutManifestAsync(string repository, string reference, byte[] content, string mediaType, CancellationToken ct = default)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, $"v2/{repository}/manifests/{reference}") { Content = new ByteArrayContent(content) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
        using var response = await SendAsync(request, ct);
        await EnsureSuccessAsync(response, ct);
        return Digest.Compute(content);
    }

    public async Task<bool> BlobExistsAsync(string repository, Digest digest, CancellationToken ct = default)
    {
        using var response = await SendAsync(new HttpRequestMessage(HttpMethod.Head, $"v2/{repository}/blobs/{digest}"), ct);
        if (response.StatusCode == HttpStatusCode.NotFound) return false;
        await EnsureSuccessAsync(response, ct);
        return true;
    }

    /// <summary>Streams a blob; the caller verifies it (the cluster image writer checks every entry's digest and size).</summary>
    public async Task<Stream> OpenBlobAsync(string repository, Digest digest, CancellationToken ct = default)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, $"v2/{repository}/blobs/{digest}");
        var response = await SendAsync(request, ct, HttpCompletionOption.ResponseHeadersRead);
        try
        {
            await EnsureSuccessAsync(response, ct);
            return new ResponseStream(await response.Content.ReadAsStreamAsync(ct), response, request);
        }
        catch
        {
            response.Dispose();
            request.Dispose();
            throw;
        }
    }

    public async Task<byte[]> ReadSmallBlobAsync(string repository, Digest digest, long maxSize, CancellationToken ct = default)
    {
        await using var s = await OpenBlobAsync(repository, digest, ct);
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int n;
        while ((n = await s.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + n > maxSize) throw new InvalidDataException($"blob {digest} is larger than {maxSize} bytes");
            buffer.Write(chunk, 0, n);
        }
        var bytes = buffer.ToArray();
        if (Digest.Compute(bytes) != digest) throw new InvalidDataException($"blob {digest}: received content does not match its digest");
        return bytes;
    }

    /// <summary>Disposes the response with the stream it came from.</summary>
    private sealed class ResponseStream(Stream inner, HttpResponseMessage response, HttpRequestMessage request)
        : Gravity.Core.IO.ReadOnlyWrapperStream(inner, leaveOpen: false)
    {
        public override int Read(Span<byte> buffer) => Inner.Read(buffer);
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct = default) => Inner.ReadAsync(buffer, ct);

        protected override void Dispose(bool disposing)
        {
            base.Dispose(disposing);
            if (disposing)
            {
                response.Dispose();
                request.Dispose();
            }
        }
    }
}

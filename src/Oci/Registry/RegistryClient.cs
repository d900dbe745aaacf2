using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Gravity.Oci.Content;
using Gravity.Oci.Model;

namespace Gravity.Oci.Registry;

/// <summary>
/// Client of the OCI Distribution API (v2). <c>registry</c> arguments are <c>host[:port]</c> as in image references
/// (docker.io is served by registry-1.docker.io). Thread-safe; share one instance per set of options.
/// </summary>
public sealed partial class RegistryClient : IDisposable
{
    private readonly RegistryTransport _transport;

    public RegistryClient(RegistryClientOptions? options = null)
    {
        Options = options ?? new RegistryClientOptions();
        _transport = new RegistryTransport(Options);
    }

    public RegistryClientOptions Options { get; }

    /// <summary>Checks that the registry speaks API v2 and that the credentials (if any) are accepted.</summary>
    public async Task PingAsync(string registry, CancellationToken ct = default)
    {
        using var response = await _transport.SendAsync(registry, "", b => new HttpRequestMessage(HttpMethod.Get, new Uri(b, "v2/")), $"contacting registry {registry}", ct: ct).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode) throw await RegistryException.FromResponseAsync(response, $"contacting registry {registry}", ct).ConfigureAwait(false);
    }

    /// <summary>Fetches a manifest or index by tag or digest and verifies its digest (against the digest asked for, else the Docker-Content-Digest header).</summary>
    public async Task<ManifestResponse> GetManifestAsync(string registry, string repository, string reference, CancellationToken ct = default)
    {
        var what = $"getting manifest {registry}/{repository}{Separator(reference)}{reference}";
        using var response = await _transport.SendAsync(registry, PullScope(repository), b =>
        {
            var request = new HttpRequestMessage(HttpMethod.Get, Url(b, repository, "manifests", reference));
            foreach (var mt in MediaTypes.ManifestAccept) request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(mt));
            return request;
        }, what, ct: ct).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode) throw await RegistryException.FromResponseAsync(response, what, ct).ConfigureAwait(false);

        var content = await ReadBoundedAsync(response, Options.MaxManifestBytes, what, ct).ConfigureAwait(false);
        var mediaType = response.Content.Headers.ContentType?.MediaType;
        if (!MediaTypes.IsManifestOrIndex(mediaType)) mediaType = SafePeekMediaType(content) ?? mediaType;
        if (!MediaTypes.IsManifestOrIndex(mediaType))
            throw new RegistryException($"{what}: unsupported manifest media type '{mediaType}'");

        Digest expected;
        if (Digest.TryParse(reference, out var asked)) expected = asked;
        else if (response.Headers.TryGetValues("Docker-Content-Digest", out var values) && Digest.TryParse(values.FirstOrDefault(), out var header)) expected = header;
        else return new ManifestResponse(content, mediaType!, Digest.Compute(content));

        using var hash = expected.CreateHash();
        hash.AppendData(content);
        var actual = Convert.ToHexStringLower(hash.GetHashAndReset());
        if (actual != expected.Hex)
            throw new RegistryException($"{what}: registry {registry} served content with digest {expected.Algorithm}:{actual}, expected {expected}");
        return new ManifestResponse(content, mediaType!, expected);
    }

    /// <summary>The digest a tag points to, from a HEAD request (no body); null when the tag does not exist.</summary>
    public async Task<Descriptor?> ResolveAsync(string registry, string repository, string reference, CancellationToken ct = default)
    {
        var what = $"resolving {registry}/{repository}{Separator(reference)}{reference}";
        using var response = await _transport.SendAsync(registry, PullScope(repository), b =>
        {
            var request = new HttpRequestMessage(HttpMethod.Head, Url(b, repository, "manifests", reference));
            foreach (var mt in MediaTypes.ManifestAccept) request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(mt));
            return request;
        }, what, ct: ct).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound) return null;
        if (!response.IsSuccessStatusCode) throw await RegistryException.FromResponseAsync(response, what, ct).ConfigureAwait(false);
        if (!response.Headers.TryGetValues("Docker-Content-Digest", out var values) || !Digest.TryParse(values.FirstOrDefault(), out var digest))
            return null;
        return new Descriptor { Digest = digest, MediaType = response.Content.Headers.ContentType?.MediaType ?? "", Size = response.Content.Headers.ContentLength ?? 0 };
    }

    /// <summary>Streams a blob; the stream throws <see cref="DigestMismatchException"/> at its end when the content does not match.</summary>
    public async Task<Stream> OpenBlobAsync(string registry, string repository, Digest digest, long? size = null, CancellationToken ct = default)
        => new VerifyingReadStream(await OpenBlobUnverifiedAsync(registry, repository, digest, size, ct).ConfigureAwait(false), digest, size,
            source: $"{registry}/{repository}@{digest}");

    /// <summary>The blob's bytes as received, for callers that verify themselves (<see cref="ContentStore.PutAsync(Stream, Digest, long?, IProgress{long}?, CancellationToken)"/>).</summary>
    public async Task<Stream> OpenBlobUnverifiedAsync(string registry, string repository, Digest digest, long? size = null, CancellationToken ct = default)
    {
        var what = $"getting blob {digest} of {registry}/{repository}";
        var response = await _transport.SendAsync(registry, PullScope(repository),
            b => new HttpRequestMessage(HttpMethod.Get, Url(b, repository, "blobs", digest.ToString())), what, ct: ct).ConfigureAwait(false);
        try
        {
            if (!response.IsSuccessStatusCode) throw await RegistryException.FromResponseAsync(response, what, ct).ConfigureAwait(false);
            if (size is { } expected && response.Content.Headers.ContentLength is { } length && length != expected)
                throw new DigestMismatchException(digest, $"{length} bytes instead of {expected}", $"{registry}/{repository}@{digest}");
            return await response.Content.ReadAsStreamAsync(ct).ConfigureAwait(false);
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }

    public async Task<bool> BlobExistsAsync(string registry, string repository, Digest digest, CancellationToken ct = default)
    {
        var what = $"checking blob {digest} in {registry}/{repository}";
        using var response = await _transport.SendAsync(registry, PullScope(repository),
            b => new HttpRequestMessage(HttpMethod.Head, Url(b, repository, "blobs", digest.ToString())), what, ct: ct).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound) return false;
        if (!response.IsSuccessStatusCode) throw await RegistryException.FromResponseAsync(response, what, ct).ConfigureAwait(false);
        return true;
    }

    /// <summary>Uploads a manifest or index under a tag or its digest; returns its digest (verified against the registry's).</summary>
    public async Task<Digest> PutManifestAsync(string registry, string repository, string reference, byte[] content, string mediaType, CancellationToken ct = default)
    {
        var what = $"pushing manifest {registry}/{repository}{Separator(reference)}{reference}";
        var digest = Digest.Compute(content);
        using var response = await _transport.SendAsync(registry, PushScope(repository), b =>
        {
            var request = new HttpRequestMessage(HttpMethod.Put, Url(b, repository, "manifests", reference)) { Content = new ByteArrayContent(content) };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
            return request;
        }, what, ct: ct).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode) throw await RegistryException.FromResponseAsync(response, what, ct).ConfigureAwait(false);
        if (response.Headers.TryGetValues("Docker-Content-Digest", out var values) && Digest.TryParse(values.FirstOrDefault(), out var served)
            && served.Algorithm == digest.Algorithm && served != digest)
            throw new RegistryException($"{what}: registry recorded digest {served}, expected {digest}");
        return digest;
    }

    public async Task DeleteManifestAsync(string registry, string repository, Digest digest, CancellationToken ct = default)
    {
        var what = $"deleting {registry}/{repository}@{digest}";
        using var response = await _transport.SendAsync(registry, $"repository:{repository}:delete",
            b => new HttpRequestMessage(HttpMethod.Delete, Url(b, repository, "manifests", digest.ToString())), what, ct: ct).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode) throw await RegistryException.FromResponseAsync(response, what, ct).ConfigureAwait(false);
    }

    /// <summary>All tags of a repository (following Link pagination); empty when the repository does not exist.</summary>
    public Task<IReadOnlyList<string>> ListTagsAsync(string registry, string repository, CancellationToken ct = default)
        => ListPagedAsync(registry, PullScope(repository), $"v2/{repository}/tags/list?n={Options.PageSize}", "tags", $"listing tags of {registry}/{repository}", ct);

    /// <summary>All repository names of a registry (following Link pagination).</summary>
    public Task<IReadOnlyList<string>> CatalogAsync(string registry, CancellationToken ct = default)
        => ListPagedAsync(registry, "registry:catalog:*", $"v2/_catalog?n={Options.PageSize}", "repositories", $"listing repositories of {registry}", ct);

    private async Task<IReadOnlyList<string>> ListPagedAsync(string registry, string scope, string firstPath, string property, string what, CancellationToken ct)
    {
        var result = new List<string>();
        string? next = firstPath;
        for (var page = 0; next is not null && page < 100_000; page++)
        {
            var path = next;
            using var response = await _transport.SendAsync(registry, scope, b => new HttpRequestMessage(HttpMethod.Get, new Uri(b, path.TrimStart('/'))), what, ct: ct).ConfigureAwait(false);
            if (response.StatusCode == HttpStatusCode.NotFound && property == "tags") return result;
            if (!response.IsSuccessStatusCode) throw await RegistryException.FromResponseAsync(response, what, ct).ConfigureAwait(false);
            var body = await ReadBoundedAsync(response, 64 << 20, what, ct).ConfigureAwait(false);
            using (var doc = JsonDocument.Parse(body))
            {
                if (doc.RootElement.TryGetProperty(property, out var items) && items.ValueKind == JsonValueKind.Array)
                    result.AddRange(items.EnumerateArray().Select(i => i.GetString()).OfType<string>());
            }
            next = NextLink(response);
        }
        return result;
    }

    /// <summary>The target of <c>Link: &lt;/v2/...&gt;; rel="next"</c>, as a path relative to the registry root.</summary>
    internal static string? NextLink(HttpResponseMessage response)
    {
        if (!response.Headers.TryGetValues("Link", out var links)) return null;
        foreach (var link in links.SelectMany(l => l.Split(',')))
        {
            if (!link.Contains("rel=\"next\"", StringComparison.OrdinalIgnoreCase) && !link.Contains("rel=next", StringComparison.OrdinalIgnoreCase)) continue;
            var start = link.IndexOf('<');
            var end = link.IndexOf('>');
            if (start < 0 || end <= start) continue;
            var target = link[(start + 1)..end];
            // On Unix "/v2/..." parses as an absolute file URI, so only real http(s) URLs are reduced to their path.
            if (target.StartsWith('/')) return target;
            return Uri.TryCreate(target, UriKind.Absolute, out var abs) && abs.Scheme is "http" or "https" ? abs.PathAndQuery : target;
        }
        return null;
    }

    private static async Task<byte[]> ReadBoundedAsync(HttpResponseMessage response, int limit, string what, CancellationToken ct)
    {
        if (response.Content.Headers.ContentLength is { } declared && declared > limit)
            throw new RegistryException($"{what}: response of {declared} bytes exceeds the limit of {limit}");
        await using var body = await response.Content.ReadAsStreamAsync(ct).ConfigureAwait(false);
        using var ms = new MemoryStream();
        var buffer = new byte[81920];
        int n;
        while ((n = await body.ReadAsync(buffer, ct).ConfigureAwait(false)) > 0)
        {
            if (ms.Length + n > limit) throw new RegistryException($"{what}: response exceeds the limit of {limit} bytes");
            ms.Write(buffer, 0, n);
        }
        return ms.ToArray();
    }

    private static string? SafePeekMediaType(byte[] content)
    {
        try { return OciJson.PeekMediaType(content); }
        catch (JsonException) { return null; }
    }

    private static string Separator(string reference) => reference.Contains(':') ? "@" : ":";

    internal static string PullScope(string repository) => $"repository:{repository}:pull";

    internal static string PushScope(string repository) => $"repository:{repository}:pull,push";

    internal static Uri Url(Uri baseUri, string repository, string kind, string reference) => new(baseUri, $"v2/{repository}/{kind}/{reference}");

    public void Dispose() => _transport.Dispose();
}

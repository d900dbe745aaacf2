using Gravity.Core;
using Gravity.Oci.Content;
using Gravity.Oci.Model;
using Gravity.Oci.Registry;

namespace Gravity.Oci.Transfer;

/// <summary>
/// Pulls an image from a registry into a <see cref="ContentStore"/>: resolves the reference, keeps the asked platforms
/// of an index, downloads the missing configs and layers in parallel (each verified while it streams) and stores the
/// manifests last, so a root in the store always has all its blobs.
/// </summary>
public sealed class ImagePuller(RegistryClient client, ContentStore store)
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<Digest, Lazy<Task<long>>> _inFlight = new();

    public async Task<PulledImage> PullAsync(ImageReference reference, PullOptions? options = null,
        IProgress<TransferProgress>? progress = null, CancellationToken ct = default)
    {
        options ??= new PullOptions();
        try
        {
            return await PullCoreAsync(reference, options, progress, ct).ConfigureAwait(false);
        }
        catch (DigestMismatchException ex)
        {
            throw new GravityException($"cannot pull {reference}: registry {reference.Registry} served wrong content: {ex.Message}", ex);
        }
        catch (GravityException ex)
        {
            throw new GravityException($"cannot pull {reference}: {ex.Message}", ex);
        }
        catch (IOException ex)
        {
            throw new GravityException($"cannot pull {reference}: transfer from registry {reference.Registry} failed: {ex.Message}", ex);
        }
        catch (System.Text.Json.JsonException ex)
        {
            throw new GravityException($"cannot pull {reference}: registry {reference.Registry} served an invalid manifest: {ex.Message}", ex);
        }
    }

    private async Task<PulledImage> PullCoreAsync(ImageReference reference, PullOptions options, IProgress<TransferProgress>? progress, CancellationToken ct)
    {
        var top = await GetDocumentAsync(reference, reference.Digest, ct).ConfigureAwait(false);
        var documents = new List<(Descriptor Descriptor, byte[] Content)>();
        Descriptor root;
        List<(Descriptor Descriptor, ImageManifest Manifest)> manifests = [];

        if (MediaTypes.IsIndex(top.MediaType))
        {
            var index = OciJson.Deserialize<ImageIndex>(top.Content);
            var kept = index.Manifests
                .Where(m => MediaTypes.IsManifest(m.MediaType) && m.Platform is { } p && options.Platforms.Any(p.Matches))
                .ToList();
            if (kept.Count == 0)
            {
                var available = string.Join(", ", index.Manifests.Select(m => m.Platform?.ToString()).OfType<string>().Distinct());
                throw new GravityException($"no manifest for platform {string.Join(", ", options.Platforms)} (the image has: {(available.Length == 0 ? "none" : available)})");
            }
            foreach (var d in kept)
            {
                var child = await GetDocumentAsync(reference, d.Digest, ct).ConfigureAwait(false);
                if (child.Content.Length != d.Size)
                    throw new GravityException($"manifest {d.Digest} is {child.Content.Length} bytes, the index says {d.Size}");
                documents.Add((d, child.Content));
                manifests.Add((d, OciJson.Deserialize<ImageManifest>(child.Content)));
            }
            if (kept.Count == index.Manifests.Count)
            {
                root = top.ToDescriptor();
                documents.Add((root, top.Content));
            }
            else
            {
                var filtered = OciJson.Serialize(new ImageIndex
                {
                    SchemaVersion = 2, MediaType = MediaTypes.OciIndex, Manifests = kept, Annotations = index.Annotations,
                });
                root = new Descriptor { MediaType = MediaTypes.OciIndex, Digest = Digest.Compute(filtered), Size = filtered.Length };
                documents.Add((root, filtered));
            }
        }
        else
        {
            root = top.ToDescriptor();
            documents.Add((root, top.Content));
            manifests.Add((root, OciJson.Deserialize<ImageManifest>(top.Content)));
        }

        var blobs = manifests.SelectMany(m => (IEnumerable<Descriptor>)[m.Manifest.Config, .. m.Manifest.Layers])
            .DistinctBy(b => b.Digest).ToList();
        var deferred = options.DeferLayers
            ? manifests.SelectMany(m => m.Manifest.Layers).DistinctBy(b => b.Digest).Where(b => !store.Exists(b.Digest)).ToList()
            : [];
        var now = blobs.Where(b => !deferred.Any(d => d.Digest == b.Digest)).ToList();
        var downloaded = await FetchBlobsAsync(reference, now, options.Parallelism, progress, ct).ConfigureAwait(false);

        // Manifests last and the root at the very end: a root in the store implies its whole graph is there
        // (but for deferred layers, which the caller fetches; a later pull still checks every blob).
        foreach (var (descriptor, content) in documents)
        {
            using var ms = new MemoryStream(content, writable: false);
            await store.PutAsync(ms, descriptor.Digest, content.Length, ct: ct).ConfigureAwait(false);
        }
        return new PulledImage(reference, root) { Manifests = manifests.Select(m => m.Descriptor).ToList(), BytesDownloaded = downloaded, DeferredLayers = deferred };
    }

    /// <summary>A manifest or index: from the store when it is pinned by a digest the store has (no network), else from the registry.</summary>
    private async Task<ManifestResponse> GetDocumentAsync(ImageReference reference, Digest? digest, CancellationToken ct)
    {
        if (digest is { } d && store.Exists(d))
        {
            var content = await store.ReadAllBytesAsync(d, ct).ConfigureAwait(false);
            if (OciJson.PeekMediaType(content) is { } mediaType && MediaTypes.IsManifestOrIndex(mediaType))
                return new ManifestResponse(content, mediaType, d);
        }
        return await client.GetManifestAsync(reference.Registry, reference.Repository, digest?.ToString() ?? reference.Reference, ct).ConfigureAwait(false);
    }

    private async Task<long> FetchBlobsAsync(ImageReference reference, IReadOnlyList<Descriptor> blobs, int parallelism,
        IProgress<TransferProgress>? progress, CancellationToken ct)
    {
        long downloaded = 0;
        await Parallel.ForEachAsync(blobs, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, parallelism), CancellationToken = ct }, async (blob, token) =>
        {
            if (store.Exists(blob.Digest))
            {
                progress?.Report(new TransferProgress(reference, blob, blob.Size, blob.Size, TransferState.Skipped));
                return;
            }
            var bytes = await FetchOnceAsync(reference, blob, progress, token).ConfigureAwait(false);
            Interlocked.Add(ref downloaded, bytes);
            progress?.Report(new TransferProgress(reference, blob, blob.Size, blob.Size, TransferState.Done));
        }).ConfigureAwait(false);
        return downloaded;
    }

    /// <summary>Fetches one blob of <paramref name="reference"/> into the store (once, however many callers ask at the same time); returns the bytes downloaded.</summary>
    public async Task<long> FetchBlobAsync(ImageReference reference, Descriptor blob, IProgress<TransferProgress>? progress = null, CancellationToken ct = default)
    {
        if (store.Exists(blob.Digest)) return 0;
        try
        {
            return await FetchOnceAsync(reference, blob, progress, ct).ConfigureAwait(false);
        }
        catch (DigestMismatchException ex)
        {
            throw new GravityException($"cannot pull {reference}: registry {reference.Registry} served wrong content: {ex.Message}", ex);
        }
        catch (IOException ex)
        {
            throw new GravityException($"cannot pull {reference}: transfer of {blob.Digest} from registry {reference.Registry} failed: {ex.Message}", ex);
        }
    }

    /// <summary>
    /// Images pulled at the same time often share layers: the first pull of a digest fetches it, the others wait for
    /// that fetch instead of downloading the same bytes again. Returns the bytes this caller downloaded.
    /// </summary>
    private async Task<long> FetchOnceAsync(ImageReference reference, Descriptor blob, IProgress<TransferProgress>? progress, CancellationToken ct)
    {
        var mine = new Lazy<Task<long>>(() => DownloadAsync(reference, blob, progress, ct));
        var shared = _inFlight.GetOrAdd(blob.Digest, mine);
        if (!ReferenceEquals(shared, mine))
        {
            await shared.Value.ConfigureAwait(false);
            return 0;
        }
        try { return await mine.Value.ConfigureAwait(false); }
        finally { _inFlight.TryRemove(new KeyValuePair<Digest, Lazy<Task<long>>>(blob.Digest, mine)); }
    }

    private async Task<long> DownloadAsync(ImageReference reference, Descriptor blob, IProgress<TransferProgress>? progress, CancellationToken ct)
    {
        var bytes = progress is null ? null : new Progress<long>(n => progress.Report(new TransferProgress(reference, blob, n, blob.Size, TransferState.Transferring)));
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var stream = await client.OpenBlobUnverifiedAsync(reference.Registry, reference.Repository, blob.Digest, blob.Size, ct).ConfigureAwait(false);
                return await store.PutAsync(stream, blob.Digest, blob.Size, bytes, ct).ConfigureAwait(false);
            }
            catch (Exception ex) when (attempt <= client.Options.MaxRetries && ex is IOException and not DigestMismatchException && !ct.IsCancellationRequested)
            {
                // The connection broke while the body streamed (headers-level failures are retried by the client).
                await Task.Delay(client.Options.RetryBaseDelay * attempt, ct).ConfigureAwait(false);
            }
        }
    }
}

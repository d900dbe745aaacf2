using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using Gravity.Core;
using Gravity.Oci;
using Gravity.Oci.Content;
using Gravity.Oci.Model;
using Gravity.Oci.Registry;
using Gravity.Registry;

namespace Gravity.Cluster.Registry;

/// <summary>
/// Copies everything another registry holds (every repository of its catalog, every tag, the manifests and indexes the
/// tags reach and their blobs) into this node's cluster registry by writing its data folder directly, the way
/// <see cref="Operations.LocalRegistryImporter"/> imports a cluster image: the running registry serves the same folder.
/// The source is read over the distribution API. Only blobs missing here are fetched, streamed and verified on the way
/// in, several at once; manifests are fetched by digest (verified) and stored with their exact bytes, children first,
/// then the tag. Idempotent: a re-run after a crash or kill -9 completes what is missing.
/// </summary>
public sealed class ClusterRegistrySync(string registryDataDir, int serviceUid, int serviceGid)
{
    /// <summary>Blobs (and manifest reads) in flight at once.</summary>
    public int Parallelism { get; init; } = 8;

    public async Task<RegistrySyncSummary> SyncAsync(RegistryClient client, string source, Action<string>? log = null, CancellationToken ct = default)
    {
        var clock = Stopwatch.StartNew();
        var storage = new RegistryStorage(registryDataDir);
        try
        {
            var repositories = await Refusals(source, () => client.CatalogAsync(source, ct));
            log?.Invoke($"{source}: {repositories.Count} repositories");
            var tags = new List<(string Repository, string Tag)>();
            foreach (var repository in repositories.Order(StringComparer.Ordinal))
                tags.AddRange((await Refusals(source, () => client.ListTagsAsync(source, repository, ct))).Order(StringComparer.Ordinal).Select(t => (repository, t)));

            var images = await ReadImagesAsync(client, source, storage, tags, ct);
            var missing = images.Where(i => i is not null).Select(i => i!).ToList();
            log?.Invoke($"{source}: {tags.Count} tags, {tags.Count - missing.Count} already here");

            // The blobs of all the images at once (each from the first repository that has it): one large layer per
            // image would otherwise keep the copy on one connection and one core.
            var blobs = missing.SelectMany(i => i.Graph.Where(d => !MediaTypes.IsManifestOrIndex(d.MediaType)).Select(d => (i.Repository, Blob: d)))
                .DistinctBy(b => b.Blob.Digest).ToDictionary(b => b.Blob.Digest);
            var copy = await RegistryBlobCopier.CopyMissingAsync(storage.Content, blobs.Values.Select(b => b.Blob).ToList(),
                (blob, token) => Refusals(source, () => client.OpenBlobUnverifiedAsync(source, blobs[blob.Digest].Repository, blob.Digest, blob.Size, token)),
                Parallelism, (blob, ex) => new GravityException(
                    $"the registry at {source} served blob {blobs[blob.Digest].Repository}@{blob.Digest} with other content ({ex.Message}); it was not stored", ex),
                ct);
            log?.Invoke(string.Create(CultureInfo.InvariantCulture,
                $"copied {copy.Copied} blob(s) ({ByteSize.Format(copy.BytesCopied)}, digests verified), {copy.Skipped} already here, in {clock.Elapsed.TotalSeconds:F2} s"));

            var manifests = 0;
            foreach (var image in missing)
            {
                manifests += await RegistryImageWriter.WriteAsync(storage, image.Repository, image.Tag, image.Root, image.Graph,
                    (d, _) => Task.FromResult(image.Manifests[d.Digest]), ct);
                log?.Invoke($"stored {image.Repository}:{image.Tag} ({image.Root})");
            }
            return new RegistrySyncSummary(repositories.Count, tags.Count, tags.Count - missing.Count, manifests,
                copy.Copied, copy.Skipped, copy.BytesCopied, clock.Elapsed);
        }
        finally
        {
            // Even a failed sync may have created folders: the registry (the service user) must be able to write there later.
            await RegistryDataOwner.GiveToServiceUserAsync(registryDataDir, serviceUid, serviceGid, ct);
        }
    }

    /// <summary>The tags whose source digest this registry does not have under that tag yet, with their manifests read (null: up to date).</summary>
    private async Task<SourceImage?[]> ReadImagesAsync(RegistryClient client, string source, RegistryStorage storage,
        IReadOnlyList<(string Repository, string Tag)> tags, CancellationToken ct)
    {
        var result = new SourceImage?[tags.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, tags.Count), new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, Parallelism), CancellationToken = ct },
            async (i, token) =>
            {
                var (repository, tag) = tags[i];
                var head = await Refusals(source, () => client.ResolveAsync(source, repository, tag, token));
                if (head is null) return; // deleted since the listing
                if (storage.Resolve(repository, tag) == head.Digest) return;
                result[i] = await ReadImageAsync(client, source, repository, tag, head.Digest, token);
            });
        return result;
    }

    private static async Task<SourceImage> ReadImageAsync(RegistryClient client, string source, string repository, string tag, Digest root, CancellationToken ct)
    {
        // By digest, so that what is read is verified against the digest the tag pointed to, children alike.
        var manifests = new ConcurrentDictionary<Digest, ManifestBytes>();
        var top = await Refusals(source, () => client.GetManifestAsync(source, repository, root.ToString(), ct));
        manifests[root] = new ManifestBytes(top.Content, top.MediaType);
        var pending = new Queue<Descriptor>(ImageGraph.Children(top.MediaType, top.Content).Where(d => MediaTypes.IsManifestOrIndex(d.MediaType)));
        while (pending.TryDequeue(out var child))
        {
            if (manifests.ContainsKey(child.Digest)) continue;
            var served = await Refusals(source, () => client.GetManifestAsync(source, repository, child.Digest.ToString(), ct));
            manifests[child.Digest] = new ManifestBytes(served.Content, served.MediaType);
            foreach (var grandChild in ImageGraph.Children(served.MediaType, served.Content).Where(d => MediaTypes.IsManifestOrIndex(d.MediaType)))
                pending.Enqueue(grandChild);
        }
        var graph = ImageGraph.Walk(top.ToDescriptor(), d => manifests[d.Digest].Content);
        return new SourceImage(repository, tag, root, graph, manifests);
    }

    /// <summary>A source that does not accept this node's certificate is named with what to do about it.</summary>
    private static async Task<T> Refusals<T>(string source, Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (RegistryException ex) when (ex.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
        {
            throw new GravityException($"the registry at {source} refused this node ({(int)ex.StatusCode}): {ex.Message}. The sync presents this node's " +
                "client certificate of the cluster CA (state-dir/secrets): run it as root on a master of the same cluster", ex);
        }
    }

    private sealed record SourceImage(string Repository, string Tag, Digest Root, IReadOnlyList<Descriptor> Graph, IReadOnlyDictionary<Digest, ManifestBytes> Manifests);
}

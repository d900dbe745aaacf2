using Gravity.Core;
using Gravity.Oci;
using Gravity.Oci.Content;
using Gravity.Oci.Model;
using Gravity.Oci.Registry;
using Gravity.Oci.Transfer;

namespace Gravity.Packaging.Build;

/// <summary>A fetched image: its root in the content store and every blob it consists of.</summary>
/// <remarks><see cref="SourceDigest"/> is the digest the source served; <see cref="Root"/> differs from it when Docker media types were converted to OCI.</remarks>
internal sealed record FetchedImage(ImageReference Source, Descriptor Root, Digest SourceDigest, IReadOnlyList<Descriptor> Blobs, IReadOnlyList<string> Platforms)
{
    public long Size => Blobs.Sum(b => b.Size);
}

/// <summary>Brings every planned image into the content store: from local sources first, else from its registry.</summary>
internal static class ImageFetcher
{
    /// <summary>
    /// Resolves every image and fetches all but the layers of registry images, which keep downloading in the returned
    /// <see cref="LayerDownloads"/> (dispose it when the archive is written).
    /// </summary>
    public static async Task<(IReadOnlyDictionary<string, FetchedImage> Images, LayerDownloads Layers)> FetchAsync(IReadOnlyList<PlannedImage> images,
        LocalImageSources local, ContentStore store, BuildRequest request, IBuildProgress progress, CancellationToken ct)
    {
        var distinct = images.DistinctBy(i => i.Source.ToString()).ToList();
        var results = new System.Collections.Concurrent.ConcurrentDictionary<string, FetchedImage>(StringComparer.Ordinal);
        var pending = new System.Collections.Concurrent.ConcurrentBag<(ImageReference, Descriptor)>();
        var client = new RegistryClient(request.Registry);
        var puller = new ImagePuller(client, store);
        var transfer = new SynchronousProgress<TransferProgress>(progress.Transfer);
        try
        {
            await Parallel.ForEachAsync(distinct, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, request.ImageParallelism), CancellationToken = ct },
                async (image, token) =>
                {
                    var source = image.Source;
                    progress.ImageStarted(source, image.Origin);
                    Descriptor root;
                    long downloaded = 0;
                    try
                    {
                        if (await ImportLocalAsync(local, image, store, token).ConfigureAwait(false) is { } localRoot)
                        {
                            root = await PlatformFilter.ApplyAsync(source, localRoot, request.Platforms, store, token).ConfigureAwait(false);
                        }
                        else
                        {
                            var pulled = await puller.PullAsync(source, new PullOptions { Platforms = request.Platforms, DeferLayers = true }, transfer, token).ConfigureAwait(false);
                            root = pulled.Root;
                            downloaded = pulled.BytesDownloaded;
                            foreach (var layer in pulled.DeferredLayers) pending.Add((source, layer));
                        }
                    }
                    catch (Exception ex) when (ex is not GravityException and not OperationCanceledException)
                    {
                        throw new GravityException($"cannot fetch image {source} (from {image.Origin}): {ex.Message}", ex);
                    }
                    var sourceDigest = root.Digest;
                    root = await DockerToOci.ConvertAsync(root, store, token).ConfigureAwait(false);
                    var blobs = ImageGraph.Walk(store, root);
                    var platforms = await PlatformFilter.PlatformsOfAsync(root, store, token).ConfigureAwait(false);
                    var fetched = new FetchedImage(source, root, sourceDigest, blobs, platforms);
                    results[source.ToString()] = fetched;
                    progress.ImageFinished(source, fetched.Size, downloaded);
                }).ConfigureAwait(false);
        }
        catch
        {
            client.Dispose();
            throw;
        }
        var layers = pending.IsEmpty
            ? LayerDownloads.None(client)
            : LayerDownloads.Start(puller, client, pending.ToList(), request.LayerParallelism, transfer, ct);
        return (results, layers);
    }

    private static async Task<Descriptor?> ImportLocalAsync(LocalImageSources local, PlannedImage image, ContentStore store, CancellationToken ct)
    {
        try
        {
            return await local.ImportAsync(image.Source, store, ct).ConfigureAwait(false);
        }
        catch (GravityException ex)
        {
            throw new GravityException($"cannot fetch image {image.Source} (from {image.Origin}): {ex.Message}", ex);
        }
    }

    /// <summary>Reports on the caller's thread (Progress&lt;T&gt; would post to the thread pool and reorder events).</summary>
    private sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}

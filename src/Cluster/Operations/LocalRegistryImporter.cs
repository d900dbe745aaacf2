using System.Globalization;
using Gravity.Core;
using Gravity.Cluster.Registry;
using Gravity.Oci;
using Gravity.Oci.Content;
using Gravity.Oci.Model;
using Gravity.Oci.Registry;
using Gravity.Registry;

namespace Gravity.Cluster.Operations;

/// <summary>
/// Imports the container images of an unpacked cluster image straight into the storage of this node's cluster
/// registry (its data folder is on this machine): blobs copied from packages/ verified while streaming, linked into each
/// repository, manifests stored children first with the same bytes a push would have stored. The running registry
/// serves from the same folder (atomic renames), so nothing restarts; every tag is then checked over HTTP.
/// Idempotent: what is already there is skipped, so a re-run after a crash completes the import.
/// </summary>
public sealed class LocalRegistryImporter(string registryDataDir, int serviceUid, int serviceGid)
{
    public int Parallelism { get; init; } = Math.Clamp(Environment.ProcessorCount, 2, 8);

    public async Task<IReadOnlyList<ImageReference>> ImportAsync(UnpackedClusterImage image, RegistryClient client, string registry,
        Action<string>? log = null, CancellationToken ct = default)
    {
        var source = image.OpenContent();
        var storage = new RegistryStorage(registryDataDir);
        var imported = new List<(ImageReference Target, Digest Root)>();
        try
        {
            var images = new List<(ImageReference Target, Descriptor Root, IReadOnlyList<Descriptor> Graph)>();
            foreach (var headImage in image.Head.Images)
            {
                var target = ImageExporter.TargetOf(headImage.Rewritten.Length > 0 ? headImage.Rewritten : headImage.Reference, registry);
                var root = new Descriptor { MediaType = headImage.MediaType, Digest = headImage.Digest, Size = headImage.Size };
                if (!source.Exists(root.Digest))
                    throw new GravityException($"damaged cluster image {image.Dir}: image {headImage.Reference} ({root.Digest}) is not in packages/");
                images.Add((target, root, WalkImage(image, source, root, target)));
            }

            // All the blobs of all the images at once: after a shared base layer, each image has one large layer of its
            // own, so copying image by image would hash on one core only.
            var blobs = images.SelectMany(i => i.Graph).Where(d => !MediaTypes.IsManifestOrIndex(d.MediaType)).DistinctBy(d => d.Digest).ToList();
            var clock = System.Diagnostics.Stopwatch.StartNew();
            await RegistryBlobCopier.CopyMissingAsync(storage.Content, blobs, (blob, _) => Task.FromResult(source.OpenRead(blob.Digest)), Parallelism,
                (blob, ex) => new GravityException($"damaged cluster image {image.Dir}: {BlobName(blob.Digest)}: {ex.Message}", ex), ct).ConfigureAwait(false);
            log?.Invoke(string.Create(CultureInfo.InvariantCulture,
                $"copied {blobs.Count} blob(s) ({ByteSize.Format(blobs.Sum(b => b.Size))}, digests verified) into {registryDataDir} in {clock.Elapsed.TotalSeconds:F2} s"));

            foreach (var (target, root, graph) in images)
            {
                log?.Invoke($"importing {target}");
                await ImportImageAsync(image, source, storage, root, target, graph, ct);
                imported.Add((target, root.Digest));
            }
        }
        finally
        {
            // Even a failed import may have created folders: the registry (the service user) must be able to write there later.
            await RegistryDataOwner.GiveToServiceUserAsync(registryDataDir, serviceUid, serviceGid, ct);
        }

        foreach (var (target, root) in imported)
        {
            var served = await client.ResolveAsync(target.Registry, target.Repository, target.Tag ?? root.ToString(), ct);
            if (served?.Digest != root)
                throw new GravityException($"the cluster registry at {registry} serves {target} as {served?.Digest.ToString() ?? "nothing"} after the import of {root}");
        }
        return imported.Select(i => i.Target).ToList();
    }

    private static IReadOnlyList<Descriptor> WalkImage(UnpackedClusterImage image, ContentStore source, Descriptor root, ImageReference target)
    {
        try { return ImageGraph.Walk(source, root); }
        catch (Exception ex) when (ex is BlobNotFoundException or DigestMismatchException)
        {
            throw new GravityException($"damaged cluster image {image.Dir}: {target}: {ex.Message}", ex);
        }
    }

    private static Task ImportImageAsync(UnpackedClusterImage image, ContentStore source, RegistryStorage storage, Descriptor root,
        ImageReference target, IReadOnlyList<Descriptor> graph, CancellationToken ct)
        => RegistryImageWriter.WriteAsync(storage, target.Repository, target.Tag, root.Digest, graph, async (d, token) =>
        {
            var content = await source.ReadAllBytesAsync(d.Digest, token);
            if (Digest.Compute(content) != d.Digest)
                throw new GravityException($"damaged cluster image {image.Dir}: {BlobName(d.Digest)} does not have digest {d.Digest}");
            return new ManifestBytes(content, d.MediaType);
        }, ct);

    private static string BlobName(Digest digest) => $"packages/blobs/{digest.Algorithm}/{digest.Hex}";
}

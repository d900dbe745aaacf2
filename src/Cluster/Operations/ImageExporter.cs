using Gravity.Cluster.Nodes;
using Gravity.Core;
using Gravity.Oci;
using Gravity.Oci.Model;
using Gravity.Oci.Registry;
using Gravity.Oci.Content;
using Gravity.Oci.Transfer;

namespace Gravity.Cluster.Operations;

/// <summary>
/// Pushes the container images of an unpacked cluster image into a registry, reading blobs in place from packages/
/// (no copy) and skipping blobs the registry already has, so a re-run after a crash only sends what is missing.
/// </summary>
public static class ImageExporter
{
    /// <summary>Pushes every image; returns the references written (registry replaced by <paramref name="registry"/>).</summary>
    public static Task<IReadOnlyList<ImageReference>> ExportAsync(UnpackedClusterImage image, RegistryClient client, string registry,
        Action<string>? log = null, CancellationToken ct = default)
        => ExportAsync(image.Head.Images, image.OpenContent(), $"damaged cluster image {image.Dir}", client, registry, [], null, log, ct);

    /// <summary>
    /// Pushes <paramref name="images"/> from <paramref name="store"/> (read verified) into <paramref name="registry"/>:
    /// an image whose tag names its digest already is skipped, a blob the target repository has is not sent (HEAD
    /// first), nor one it can mount from a repository of this push or of <paramref name="mountFrom"/> (the repositories
    /// the cluster's images are in already).
    /// </summary>
    public static async Task<IReadOnlyList<ImageReference>> ExportAsync(IReadOnlyList<Packaging.ClusterImage.HeadImage> images, ContentStore store, string source,
        RegistryClient client, string registry, IReadOnlyList<string> mountFrom, IProgress<TransferProgress>? progress, Action<string>? log, CancellationToken ct)
    {
        var pushed = new List<ImageReference>();
        foreach (var headImage in images)
        {
            var target = TargetOf(headImage.Rewritten.Length > 0 ? headImage.Rewritten : headImage.Reference, registry);
            var root = new Descriptor { MediaType = headImage.MediaType, Digest = headImage.Digest, Size = headImage.Size };
            if (!store.Exists(root.Digest))
                throw new GravityException($"{source}: image {headImage.Reference} ({root.Digest}) is not in {store.Root}");
            // A registry accepts a manifest only once the blobs it references are there: a tag that already names
            // this digest is a complete image, and a repeated upload costs one request per image.
            if (target.Tag is { } tag && (await client.ResolveAsync(target.Registry, target.Repository, tag, ct))?.Digest == root.Digest)
            {
                pushed.Add(target);
                continue;
            }
            log?.Invoke($"pushing {target}");
            // Images share base layers: mounting them from a repository already pushed avoids sending them again.
            var candidates = pushed.Where(p => p.Registry == target.Registry).Select(p => p.Repository).Reverse().Concat(mountFrom).Distinct().ToList();
            var pusher = new ImagePusher(client, store) { MountFrom = candidates };
            await pusher.PushAsync(root, target, progress, ct);
            pushed.Add(target);
        }
        return pushed;
    }

    /// <summary>
    /// Into this node's cluster registry: straight into its storage when its data folder is on this machine (much faster
    /// than HTTP: no request per blob, no second hashing by the registry), otherwise pushed.
    /// </summary>
    public static Task<IReadOnlyList<ImageReference>> ExportToClusterRegistryAsync(UnpackedClusterImage image, NodeSettings node, RegistryClient client,
        Action<string>? log = null, CancellationToken ct = default)
    {
        var dataDir = node.Folder.RegistryData;
        return Directory.Exists(dataDir)
            ? new LocalRegistryImporter(dataDir, node.ServiceUid, node.ServiceGid).ImportAsync(image, client, node.RegistryAddress, log, ct)
            : ExportAsync(image, client, node.RegistryAddress, log, ct);
    }

    /// <summary>The image's name in the cluster registry: same repository and tag, the given registry host.</summary>
    public static ImageReference TargetOf(string reference, string registry) => ImageReference.Parse(reference).WithRegistry(registry);
}

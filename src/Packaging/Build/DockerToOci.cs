using Gravity.Oci;
using Gravity.Oci.Content;
using Gravity.Oci.Model;

namespace Gravity.Packaging.Build;

/// <summary>
/// Rewrites Docker schema 2 manifests and manifest lists as OCI ones (configs and layers are byte-identical; only the
/// media types in the manifests change), because OCI image layouts, and the tools that read them, take OCI types only.
/// </summary>
internal static class DockerToOci
{
    private const string DockerLayer = "application/vnd.docker.image.rootfs.diff.tar";
    private const string OciNondistributableGzip = "application/vnd.oci.image.layer.nondistributable.v1.tar+gzip";

    public static async Task<Descriptor> ConvertAsync(Descriptor root, ContentStore store, CancellationToken ct)
    {
        if (root.MediaType == MediaTypes.DockerManifest) return await ConvertManifestAsync(root, store, ct).ConfigureAwait(false);
        if (!MediaTypes.IsIndex(root.MediaType)) return root;

        var index = OciJson.Deserialize<ImageIndex>(await store.ReadAllBytesAsync(root.Digest, ct).ConfigureAwait(false));
        var children = new List<Descriptor>();
        foreach (var child in index.Manifests)
            children.Add(child.MediaType == MediaTypes.DockerManifest ? await ConvertManifestAsync(child, store, ct).ConfigureAwait(false) : child);
        if (root.MediaType == MediaTypes.OciIndex && children.SequenceEqual(index.Manifests)) return root;
        var converted = OciJson.Serialize(index with { MediaType = MediaTypes.OciIndex, Manifests = children });
        return await StoreAsync(root, converted, MediaTypes.OciIndex, store, ct).ConfigureAwait(false);
    }

    private static async Task<Descriptor> ConvertManifestAsync(Descriptor descriptor, ContentStore store, CancellationToken ct)
    {
        var manifest = OciJson.Deserialize<ImageManifest>(await store.ReadAllBytesAsync(descriptor.Digest, ct).ConfigureAwait(false));
        var converted = manifest with
        {
            MediaType = MediaTypes.OciManifest,
            Config = manifest.Config with { MediaType = manifest.Config.MediaType == MediaTypes.DockerConfig ? MediaTypes.OciConfig : manifest.Config.MediaType },
            Layers = manifest.Layers.Select(l => l with { MediaType = LayerType(l.MediaType) }).ToList(),
        };
        return await StoreAsync(descriptor, OciJson.Serialize(converted), MediaTypes.OciManifest, store, ct).ConfigureAwait(false);
    }

    private static string LayerType(string mediaType) => mediaType switch
    {
        MediaTypes.DockerLayerGzip => MediaTypes.OciLayerGzip,
        DockerLayer => MediaTypes.OciLayer,
        MediaTypes.DockerForeignLayerGzip => OciNondistributableGzip,
        _ => mediaType,
    };

    private static async Task<Descriptor> StoreAsync(Descriptor original, byte[] content, string mediaType, ContentStore store, CancellationToken ct)
    {
        var digest = await store.PutBytesAsync(content, ct).ConfigureAwait(false);
        return original with { MediaType = mediaType, Digest = digest, Size = content.Length };
    }
}

using Gravity.Oci;
using Gravity.Oci.Content;
using Gravity.Oci.Model;

namespace Gravity.Packaging.RuntimePackages;

/// <summary>
/// A runtime package found in a content store: its image manifest (the root itself, or the single manifest of an
/// index), its runtime.json (the manifest's config, verified against its digest) and the layers to unpack.
/// </summary>
public sealed record RuntimePackageImage(Digest ManifestDigest, ImageManifest Manifest, byte[] ManifestJson, RuntimePackageManifest Runtime)
{
    private const int MaxDocumentBytes = 4 << 20;

    /// <summary>
    /// Reads the package rooted at <paramref name="root"/>. Throws <see cref="InvalidDataException"/> saying why the image
    /// is not a runtime package (another config media type, several platforms, a bad runtime.json).
    /// </summary>
    public static async Task<RuntimePackageImage> LoadAsync(ContentStore store, Digest root, CancellationToken ct = default)
    {
        var document = await ReadSmallAsync(store, root, "its manifest", ct).ConfigureAwait(false);
        var manifestDigest = root;
        var mediaType = OciJson.PeekMediaType(document);
        if (MediaTypes.IsIndex(mediaType))
        {
            var index = OciJson.Deserialize<ImageIndex>(document);
            if (index.Manifests.Count != 1)
                throw new InvalidDataException($"it is an index of {index.Manifests.Count} manifests; a runtime package is the image of one platform");
            manifestDigest = index.Manifests[0].Digest;
            document = await ReadSmallAsync(store, manifestDigest, "its manifest", ct).ConfigureAwait(false);
            mediaType = OciJson.PeekMediaType(document);
        }
        if (mediaType != MediaTypes.OciManifest)
            throw new InvalidDataException($"its manifest is of type {mediaType ?? "(none)"}, not an OCI image manifest");
        var manifest = OciJson.Deserialize<ImageManifest>(document);
        if (manifest.Config.MediaType != RuntimePackageFormat.ConfigMediaType)
            throw new InvalidDataException($"its config is of type {manifest.Config.MediaType}, not {RuntimePackageFormat.ConfigMediaType} (an ordinary container image, not a runtime package)");
        if (manifest.Config.Size > RuntimePackageFormat.MaxManifestBytes)
            throw new InvalidDataException($"its {RuntimePackageFormat.ManifestFileName} (the config) is {manifest.Config.Size} bytes; at most {RuntimePackageFormat.MaxManifestBytes} are allowed");
        if (manifest.Layers.Count > RuntimePackageFormat.MaxLayers)
            throw new InvalidDataException($"it has {manifest.Layers.Count} layers; at most {RuntimePackageFormat.MaxLayers} are allowed");
        foreach (var layer in manifest.Layers)
            if (layer.MediaType is not (MediaTypes.OciLayer or MediaTypes.OciLayerGzip))
                throw new InvalidDataException($"its layer {layer.Digest} is of type {layer.MediaType}; a runtime package's layers are {MediaTypes.OciLayerGzip} or {MediaTypes.OciLayer}");
        var config = await ReadSmallAsync(store, manifest.Config.Digest, RuntimePackageFormat.ManifestFileName, ct).ConfigureAwait(false);
        if (config.Length != manifest.Config.Size)
            throw new InvalidDataException($"its {RuntimePackageFormat.ManifestFileName} is {config.Length} bytes, its descriptor says {manifest.Config.Size}");
        return new RuntimePackageImage(manifestDigest, manifest, config, RuntimePackageManifestParser.Parse(config));
    }

    private static async Task<byte[]> ReadSmallAsync(ContentStore store, Digest digest, string what, CancellationToken ct)
    {
        var size = store.TryGetSize(digest) ?? throw new InvalidDataException($"{what} ({digest}) is missing");
        if (size > MaxDocumentBytes) throw new InvalidDataException($"{what} ({digest}) is {size} bytes; at most {MaxDocumentBytes} are read");
        try
        {
            return await store.ReadAllBytesAsync(digest, ct).ConfigureAwait(false);
        }
        catch (DigestMismatchException ex)
        {
            throw new InvalidDataException($"{what} does not match its digest: {ex.Message}", ex);
        }
    }
}

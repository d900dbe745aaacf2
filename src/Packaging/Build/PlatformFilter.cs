using Gravity.Core;
using Gravity.Oci;
using Gravity.Oci.Content;
using Gravity.Oci.Model;

namespace Gravity.Packaging.Build;

/// <summary>Keeps only the asked platforms of a multi-platform image taken from a local source (the puller does the same for registries).</summary>
internal static class PlatformFilter
{
    public static async Task<Descriptor> ApplyAsync(ImageReference reference, Descriptor root, IReadOnlyList<Platform> platforms,
        ContentStore store, CancellationToken ct)
    {
        if (!MediaTypes.IsIndex(root.MediaType)) return root;
        var index = OciJson.Deserialize<ImageIndex>(await store.ReadAllBytesAsync(root.Digest, ct).ConfigureAwait(false));
        var kept = index.Manifests.Where(m => m.Platform is { } p && platforms.Any(p.Matches)).ToList();
        if (kept.Count == 0)
        {
            var available = string.Join(", ", index.Manifests.Select(m => m.Platform?.ToString()).OfType<string>().Distinct());
            throw new GravityException($"image {reference}: no manifest for platform {string.Join(", ", platforms)} (the image has: {(available.Length == 0 ? "none" : available)})");
        }
        if (kept.Count == index.Manifests.Count) return root;
        var filtered = OciJson.Serialize(new ImageIndex { SchemaVersion = 2, MediaType = MediaTypes.OciIndex, Manifests = kept, Annotations = index.Annotations });
        var digest = await store.PutBytesAsync(filtered, ct).ConfigureAwait(false);
        return new Descriptor { MediaType = MediaTypes.OciIndex, Digest = digest, Size = filtered.Length };
    }

    /// <summary>The platforms an image root holds: from the index entries, or from the config of a single manifest.</summary>
    public static async Task<IReadOnlyList<string>> PlatformsOfAsync(Descriptor root, ContentStore store, CancellationToken ct)
    {
        var doc = await store.ReadAllBytesAsync(root.Digest, ct).ConfigureAwait(false);
        if (MediaTypes.IsIndex(root.MediaType))
            return OciJson.Deserialize<ImageIndex>(doc).Manifests.Select(m => m.Platform?.ToString()).OfType<string>().Distinct().ToList();
        var manifest = OciJson.Deserialize<ImageManifest>(doc);
        if (manifest.Config.Size > 1 << 20 || !store.Exists(manifest.Config.Digest)) return [];
        try
        {
            var config = OciJson.Deserialize<Platform>(await store.ReadAllBytesAsync(manifest.Config.Digest, ct).ConfigureAwait(false));
            return config.Os.Length > 0 && config.Architecture.Length > 0 ? [config.ToString()] : [];
        }
        catch (System.Text.Json.JsonException)
        {
            return [];
        }
    }
}

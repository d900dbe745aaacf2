using System.Globalization;
using Gravity.Oci;
using Gravity.Oci.Model;
using Gravity.Packaging.ClusterImage;

namespace Gravity.Hub.Catalog;

/// <summary>Converts between a cluster image's entry list and its OCI artifact manifest.</summary>
public static class ArtifactCodec
{
    public static ImageManifest BuildManifest(Descriptor config, ClusterImageConfig meta, IReadOnlyList<ArchiveEntry> entries) => new()
    {
        SchemaVersion = 2,
        MediaType = MediaTypes.OciManifest,
        ArtifactType = MediaTypes.ClusterImageArtifact,
        Config = config,
        Layers = entries.Select(e => new Descriptor
        {
            MediaType = ClusterImageArtifact.EntryMediaType,
            Digest = e.Digest,
            Size = e.Size,
            Annotations = new SortedDictionary<string, string>(StringComparer.Ordinal)
            {
                [ClusterImageArtifact.TitleAnnotation] = e.Name,
                [ClusterImageArtifact.ModeAnnotation] = e.OctalMode,
            },
        }).ToArray(),
        Annotations = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            [ClusterImageArtifact.TitleAnnotation] = meta.Name,
            [ClusterImageArtifact.VersionAnnotation] = meta.Version,
            [ClusterImageArtifact.CreatedAnnotation] = meta.Created.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
        },
    };

    public static bool IsClusterImage(ImageManifest manifest)
        => manifest.ArtifactType == MediaTypes.ClusterImageArtifact || manifest.Config.MediaType == MediaTypes.ClusterImageConfig;

    /// <summary>The archive entries a manifest describes; throws InvalidDataException naming the layer that is malformed.</summary>
    public static IReadOnlyList<ArchiveEntry> ReadEntries(ImageManifest manifest)
    {
        var entries = new List<ArchiveEntry>(manifest.Layers.Count);
        for (var i = 0; i < manifest.Layers.Count; i++)
        {
            var layer = manifest.Layers[i];
            if (layer.Annotations is null || !layer.Annotations.TryGetValue(ClusterImageArtifact.TitleAnnotation, out var name) || string.IsNullOrEmpty(name))
                throw new InvalidDataException($"manifest layers[{i}]: no {ClusterImageArtifact.TitleAnnotation} annotation");
            if (!ArchivePath.IsSafe(name, out var reason))
                throw new InvalidDataException($"manifest layers[{i}]: unsafe entry name '{name}': {reason}");
            var modeText = layer.Annotations.GetValueOrDefault(ClusterImageArtifact.ModeAnnotation, "0644");
            UnixFileMode mode;
            try { mode = (UnixFileMode)Convert.ToInt32(modeText, 8); }
            catch (Exception e) when (e is FormatException or ArgumentException or OverflowException)
            {
                throw new InvalidDataException($"manifest layers[{i}]: invalid mode '{modeText}'");
            }
            if (((int)mode & ~0xFFF) != 0) throw new InvalidDataException($"manifest layers[{i}]: invalid mode '{modeText}'");
            if (layer.Size < 0) throw new InvalidDataException($"manifest layers[{i}]: negative size");
            entries.Add(new ArchiveEntry(name, mode, layer.Size, layer.Digest));
        }
        return entries;
    }
}

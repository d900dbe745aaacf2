using System.Formats.Tar;
using System.IO.Compression;
using System.Text.Json;
using System.Text.Json.Serialization;
using Gravity.Core;
using Gravity.Oci.Content;
using Gravity.Oci.Model;

namespace Gravity.Oci.Layout;

/// <summary>
/// Imports <c>docker save</c> archives (classic layout and the OCI-style one of Docker 25+) into a content store as OCI
/// manifests. The tar is streamed twice: first its headers and manifest.json, then the configs and layers it names.
/// </summary>
public static class DockerArchive
{
    private const int MaxJsonBytes = 16 << 20;

    private sealed record ArchiveImage(
        [property: JsonPropertyName("Config")] string Config,
        [property: JsonPropertyName("RepoTags")] IReadOnlyList<string>? RepoTags,
        [property: JsonPropertyName("Layers")] IReadOnlyList<string> Layers);

    public static async Task<IReadOnlyList<(IReadOnlyList<string> RepoTags, Descriptor Root)>> ImportAsync(string tarPath, ContentStore store, CancellationToken ct = default)
    {
        if (!File.Exists(tarPath)) throw new GravityException($"{tarPath}: file not found");
        var (images, links) = await ReadManifestAsync(tarPath, ct);

        string Canonical(string name)
        {
            var current = ArchivePaths.Normalize(name, tarPath);
            for (var hops = 0; links.TryGetValue(current, out var target); hops++)
            {
                if (hops > 16) throw new GravityException($"{tarPath}: too many links resolving '{name}'");
                current = target;
            }
            return current;
        }

        var configs = images.Select(i => Canonical(i.Config)).ToHashSet();
        var layers = images.SelectMany(i => i.Layers).Select(Canonical).ToHashSet();
        var stored = new Dictionary<string, (Digest Digest, long Size)>();
        await using (var file = File.OpenRead(tarPath))
        await using (var tar = new TarReader(file))
        {
            while (await tar.GetNextEntryAsync(copyData: false, ct) is { } entry)
            {
                if (entry.EntryType is not (TarEntryType.RegularFile or TarEntryType.V7RegularFile) || entry.DataStream is null) continue;
                var name = ArchivePaths.Normalize(entry.Name, tarPath);
                if (!configs.Contains(name) && !layers.Contains(name)) continue;
                if (stored.ContainsKey(name)) continue;
                var (digest, size) = await store.PutAsync(entry.DataStream, ct: ct);
                CheckNamedDigest(tarPath, name, digest);
                stored[name] = (digest, size);
            }
        }

        var result = new List<(IReadOnlyList<string>, Descriptor)>();
        foreach (var image in images)
        {
            var config = Lookup(stored, Canonical(image.Config), tarPath);
            var diffIds = ReadDiffIds(await store.ReadAllBytesAsync(config.Digest, ct), tarPath, image.Config);
            if (diffIds.Count != image.Layers.Count)
                throw new GravityException($"{tarPath}: image {image.Config} lists {image.Layers.Count} layers but its config has {diffIds.Count} diff_ids");
            var layerDescriptors = new List<Descriptor>();
            for (var i = 0; i < image.Layers.Count; i++)
            {
                var layer = Lookup(stored, Canonical(image.Layers[i]), tarPath);
                var mediaType = await DetectLayerMediaTypeAsync(store, layer.Digest, ct);
                await CheckDiffIdAsync(store, layer.Digest, mediaType, diffIds[i], tarPath, image.Layers[i], ct);
                layerDescriptors.Add(new Descriptor { MediaType = mediaType, Digest = layer.Digest, Size = layer.Size });
            }
            var manifest = OciJson.Serialize(new ImageManifest
            {
                SchemaVersion = 2,
                MediaType = MediaTypes.OciManifest,
                Config = new Descriptor { MediaType = MediaTypes.OciConfig, Digest = config.Digest, Size = config.Size },
                Layers = layerDescriptors,
            });
            var digest = await store.PutBytesAsync(manifest, ct);
            result.Add((image.RepoTags ?? [], new Descriptor { MediaType = MediaTypes.OciManifest, Digest = digest, Size = manifest.Length }));
        }
        return result;
    }

    private static async Task<(IReadOnlyList<ArchiveImage> Images, Dictionary<string, string> Links)> ReadManifestAsync(string tarPath, CancellationToken ct)
    {
        byte[]? manifest = null;
        var links = new Dictionary<string, string>();
        await using var file = File.OpenRead(tarPath);
        await using var tar = new TarReader(file);
        try
        {
            while (await tar.GetNextEntryAsync(copyData: false, ct) is { } entry)
            {
                var name = ArchivePaths.Normalize(entry.Name, tarPath);
                switch (entry.EntryType)
                {
                    case TarEntryType.SymbolicLink:
                        links[name] = ArchivePaths.ResolveSymlink(name, entry.LinkName, tarPath);
                        break;
                    case TarEntryType.HardLink:
                        links[name] = ArchivePaths.Normalize(entry.LinkName, tarPath);
                        break;
                    case TarEntryType.RegularFile or TarEntryType.V7RegularFile when name == "manifest.json" && entry.DataStream is not null:
                        if (entry.Length > MaxJsonBytes) throw new GravityException($"{tarPath}: manifest.json is too large");
                        using (var ms = new MemoryStream())
                        {
                            await entry.DataStream.CopyToAsync(ms, ct);
                            manifest = ms.ToArray();
                        }
                        break;
                }
            }
        }
        catch (InvalidDataException ex)
        {
            throw new GravityException($"{tarPath}: not a valid tar archive: {ex.Message}", ex);
        }
        if (manifest is null) throw new GravityException($"{tarPath}: manifest.json not found: not a docker save archive");
        try
        {
            var images = JsonSerializer.Deserialize<List<ArchiveImage>>(manifest) ?? [];
            if (images.Count == 0) throw new GravityException($"{tarPath}: manifest.json lists no images");
            if (images.Any(i => string.IsNullOrEmpty(i.Config) || i.Layers is null))
                throw new GravityException($"{tarPath}: manifest.json: every image needs Config and Layers");
            return (images, links);
        }
        catch (JsonException ex)
        {
            throw new GravityException($"{tarPath}: manifest.json: {ex.Message}", ex);
        }
    }

    private static (Digest Digest, long Size) Lookup(Dictionary<string, (Digest, long)> stored, string name, string tarPath)
        => stored.TryGetValue(name, out var v) ? v : throw new GravityException($"{tarPath}: '{name}' named by manifest.json is missing");

    /// <summary>Names that carry a digest (blobs/sha256/&lt;hex&gt;, &lt;hex&gt;.json) must match the content.</summary>
    private static void CheckNamedDigest(string tarPath, string name, Digest actual)
    {
        var parts = name.Split('/');
        string? hex = parts.Length == 3 && parts[0] == "blobs" && parts[1] == actual.Algorithm ? parts[2]
            : parts.Length == 1 && name.EndsWith(".json", StringComparison.Ordinal) ? name[..^5] : null;
        if (hex is not null && Digest.TryParse($"{actual.Algorithm}:{hex}", out var named) && named != actual)
            throw new GravityException($"{tarPath}: entry '{name}' does not match its digest (content is {actual})");
    }

    private static IReadOnlyList<Digest> ReadDiffIds(byte[] config, string tarPath, string name)
    {
        try
        {
            using var doc = JsonDocument.Parse(config);
            if (!doc.RootElement.TryGetProperty("rootfs", out var rootfs) || !rootfs.TryGetProperty("diff_ids", out var ids))
                throw new GravityException($"{tarPath}: {name}: config has no rootfs.diff_ids");
            return ids.EnumerateArray().Select(i => Digest.TryParse(i.GetString(), out var d) ? d
                : throw new GravityException($"{tarPath}: {name}: invalid diff_id '{i.GetString()}'")).ToList();
        }
        catch (JsonException ex)
        {
            throw new GravityException($"{tarPath}: {name}: invalid config: {ex.Message}", ex);
        }
    }

    private static async Task<string> DetectLayerMediaTypeAsync(ContentStore store, Digest digest, CancellationToken ct)
    {
        var head = new byte[4];
        await using var s = store.OpenRead(digest);
        var n = await s.ReadAtLeastAsync(head, 4, throwOnEndOfStream: false, ct);
        if (n >= 2 && head[0] == 0x1f && head[1] == 0x8b) return MediaTypes.OciLayerGzip;
        if (n >= 4 && head[0] == 0x28 && head[1] == 0xb5 && head[2] == 0x2f && head[3] == 0xfd) return MediaTypes.OciLayerZstd;
        return MediaTypes.OciLayer;
    }

    /// <summary>The layer must unpack to the tar its image config names (zstd cannot be decoded here; its blob digest still holds).</summary>
    private static async Task CheckDiffIdAsync(ContentStore store, Digest layer, string mediaType, Digest diffId, string tarPath, string name, CancellationToken ct)
    {
        Digest actual;
        if (mediaType == MediaTypes.OciLayer) actual = layer;
        else if (mediaType == MediaTypes.OciLayerGzip)
        {
            await using var s = store.OpenRead(layer);
            await using var gunzip = new GZipStream(s, CompressionMode.Decompress);
            actual = await Digest.ComputeAsync(gunzip, ct);
        }
        else return;
        if (actual != diffId)
            throw new GravityException($"{tarPath}: layer '{name}' does not match the config's diff_id {diffId} (content is {actual})");
    }
}

using System.Text.Json;
using Gravity.Core;
using Gravity.Oci;
using Gravity.Oci.Content;
using Gravity.Oci.Layout;
using Gravity.Oci.Model;
using Gravity.Packaging.ClusterImage;

namespace Gravity.Packaging.Build;

/// <summary>
/// Images available without a registry: OCI image layouts (matched by their ref name annotation, or by digest) and
/// <c>docker save</c> archives (matched by RepoTags). Only the names are read up front; content is imported on demand.
/// </summary>
public sealed class LocalImageSources
{
    private readonly List<(ImageReference Reference, string Layout, Descriptor Root)> _layoutImages = [];
    private readonly List<(ImageReference Reference, string Archive)> _archiveImages = [];
    private readonly Dictionary<string, Task<IReadOnlyList<(IReadOnlyList<string> RepoTags, Descriptor Root)>>> _importedArchives = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _archiveLock = new(1, 1);

    public static async Task<LocalImageSources> ScanAsync(IReadOnlyList<string> ociLayouts, IReadOnlyList<string> dockerArchives, CancellationToken ct = default)
    {
        var sources = new LocalImageSources();
        foreach (var dir in ociLayouts)
        {
            var full = Path.GetFullPath(dir);
            if (!Directory.Exists(full)) throw new GravityException($"--oci-layout {dir}: no such folder");
            var index = await OciLayout.ReadIndexAsync(full, ct).ConfigureAwait(false);
            foreach (var d in index.Manifests)
            {
                if (d.Annotations?.GetValueOrDefault(OciLayout.RefNameAnnotation) is not { } refName) continue;
                if (ImageReference.TryParse(refName, out var r, out _)) sources._layoutImages.Add((r, full, d));
            }
        }
        foreach (var file in dockerArchives)
        {
            var full = Path.GetFullPath(file);
            if (!File.Exists(full)) throw new GravityException($"--docker-archive {file}: no such file");
            foreach (var tag in await ReadRepoTagsAsync(full, ct).ConfigureAwait(false))
                if (ImageReference.TryParse(tag, out var r, out _)) sources._archiveImages.Add((r, full));
        }
        return sources;
    }

    /// <summary>"oci-layout DIR" or "docker-archive FILE" when a local source holds the image, else null.</summary>
    public string? OriginOf(ImageReference reference)
    {
        if (FindInLayouts(reference) is { } l) return $"oci-layout {l.Layout}";
        if (FindInArchives(reference) is { } a) return $"docker-archive {a}";
        return null;
    }

    /// <summary>Copies the image into the store (every blob verified) and returns its root, or null when no local source has it.</summary>
    public async Task<Descriptor?> ImportAsync(ImageReference reference, ContentStore store, CancellationToken ct = default)
    {
        if (FindInLayouts(reference) is { } l)
        {
            await ImportGraphAsync(l.Layout, l.Root, store, ct).ConfigureAwait(false);
            return l.Root with { Annotations = null };
        }
        if (FindInArchives(reference) is { } archive)
        {
            var images = await ImportArchiveAsync(archive, store, ct).ConfigureAwait(false);
            var key = reference.ToString();
            foreach (var (tags, root) in images)
                if (tags.Any(t => ImageReference.TryParse(t, out var r, out _) && r.ToString() == key))
                    return root;
            throw new GravityException($"{archive}: image {reference} listed in manifest.json but not imported");
        }
        return null;
    }

    private (string Layout, Descriptor Root)? FindInLayouts(ImageReference reference)
    {
        var key = reference.ToString();
        foreach (var (r, layout, root) in _layoutImages)
            if (r.ToString() == key || (reference.Digest is { } d && root.Digest == d && r.Name == reference.Name))
                return (layout, root);
        return null;
    }

    private string? FindInArchives(ImageReference reference)
    {
        var key = reference.ToString();
        return _archiveImages.FirstOrDefault(a => a.Reference.ToString() == key).Archive;
    }

    private async Task<IReadOnlyList<(IReadOnlyList<string> RepoTags, Descriptor Root)>> ImportArchiveAsync(string archive, ContentStore store, CancellationToken ct)
    {
        Task<IReadOnlyList<(IReadOnlyList<string>, Descriptor)>> task;
        await _archiveLock.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            if (!_importedArchives.TryGetValue(archive, out task!))
                _importedArchives[archive] = task = DockerArchiveImport.ImportAsync(archive, store, ct);
        }
        finally { _archiveLock.Release(); }
        return await task.ConfigureAwait(false);
    }

    private static async Task ImportGraphAsync(string layout, Descriptor root, ContentStore store, CancellationToken ct)
    {
        var pending = new Stack<Descriptor>();
        var seen = new HashSet<Digest>();
        pending.Push(root);
        while (pending.Count > 0)
        {
            var d = pending.Pop();
            if (!seen.Add(d.Digest)) continue;
            if (!store.Exists(d.Digest))
            {
                var path = OciLayout.BlobPath(layout, d.Digest);
                if (!File.Exists(path)) throw new GravityException($"{layout}: blob {d.Digest} ({d.MediaType}) is missing");
                try
                {
                    await using var s = File.OpenRead(path);
                    await store.PutAsync(s, d.Digest, d.Size, ct: ct).ConfigureAwait(false);
                }
                catch (DigestMismatchException ex)
                {
                    throw new GravityException($"{path}: content does not match its digest: {ex.Message}", ex);
                }
            }
            if (MediaTypes.IsManifestOrIndex(d.MediaType))
                foreach (var child in ImageGraph.Children(d.MediaType, await store.ReadAllBytesAsync(d.Digest, ct).ConfigureAwait(false)))
                    pending.Push(child);
        }
    }

    /// <summary>The RepoTags of a docker save archive, read from its manifest.json without touching the layers.</summary>
    private static async Task<IReadOnlyList<string>> ReadRepoTagsAsync(string archive, CancellationToken ct)
    {
        await using var file = File.OpenRead(archive);
        var scanner = new TarScanner(file);
        try
        {
            while (await scanner.NextAsync(ct).ConfigureAwait(false) is { } entry)
            {
                if (entry.Name != "manifest.json") continue;
                using var doc = JsonDocument.Parse(await scanner.ReadDataAsync(entry, 16 << 20, ct).ConfigureAwait(false));
                return doc.RootElement.EnumerateArray()
                    .Where(m => m.TryGetProperty("RepoTags", out var t) && t.ValueKind == JsonValueKind.Array)
                    .SelectMany(m => m.GetProperty("RepoTags").EnumerateArray().Select(t => t.GetString()).OfType<string>())
                    .ToList();
            }
        }
        catch (Exception ex) when (ex is InvalidDataException or JsonException or InvalidOperationException)
        {
            throw new GravityException($"{archive}: not a docker save archive: {ex.Message}", ex);
        }
        throw new GravityException($"{archive}: not a docker save archive: no manifest.json");
    }
}

using System.Text.Json;
using Gravity.Core;
using Gravity.Oci.Content;
using Gravity.Oci.Model;

namespace Gravity.Oci.Layout;

/// <summary>OCI image layout folders (<c>oci-layout</c>, <c>index.json</c>, <c>blobs/&lt;alg&gt;/&lt;hex&gt;</c>).</summary>
public static class OciLayout
{
    public const string RefNameAnnotation = "org.opencontainers.image.ref.name";
    private const string LayoutFile = "oci-layout";
    private const string IndexFile = "index.json";
    private const int MaxDocumentBytes = 4 << 20;
    private static readonly byte[] LayoutContent = """{"imageLayoutVersion":"1.0.0"}"""u8.ToArray();

    public static async Task<ImageIndex> ReadIndexAsync(string dir, CancellationToken ct = default)
    {
        var layoutPath = Path.Combine(dir, LayoutFile);
        if (!File.Exists(layoutPath)) throw new GravityException($"{dir} is not an OCI image layout: {LayoutFile} is missing");
        var indexPath = Path.Combine(dir, IndexFile);
        if (!File.Exists(indexPath)) throw new GravityException($"{dir} is not an OCI image layout: {IndexFile} is missing");
        try
        {
            return OciJson.Deserialize<ImageIndex>(await File.ReadAllBytesAsync(indexPath, ct));
        }
        catch (JsonException ex)
        {
            throw new GravityException($"{indexPath}: invalid index: {ex.Message}", ex);
        }
    }

    /// <summary>
    /// Copies every image of the layout into the store, each blob verified against its digest (a damaged or missing
    /// blob fails the import naming it). Returns the index entries with their ref names.
    /// </summary>
    public static async Task<IReadOnlyList<(string? RefName, Descriptor Descriptor)>> ImportAsync(string dir, ContentStore store, CancellationToken ct = default)
    {
        var index = await ReadIndexAsync(dir, ct);
        var result = new List<(string?, Descriptor)>();
        var seen = new HashSet<Digest>();
        foreach (var d in index.Manifests)
        {
            await ImportGraphAsync(dir, store, d, seen, ct);
            string? refName = null;
            d.Annotations?.TryGetValue(RefNameAnnotation, out refName);
            result.Add((refName, d));
        }
        return result;
    }

    /// <summary>Children before parents, so a manifest or index in the store always has its whole graph there too.</summary>
    private static async Task ImportGraphAsync(string dir, ContentStore store, Descriptor d, HashSet<Digest> seen, CancellationToken ct)
    {
        if (!seen.Add(d.Digest)) return;
        var path = BlobPath(dir, d.Digest);
        if (MediaTypes.IsManifestOrIndex(d.MediaType))
        {
            byte[] document;
            if (store.Exists(d.Digest)) document = await store.ReadAllBytesAsync(d.Digest, ct);
            else
            {
                if (!File.Exists(path)) throw new GravityException($"{dir}: blob {d.Digest} ({d.MediaType}) is missing");
                if (new FileInfo(path).Length > MaxDocumentBytes) throw new GravityException($"{path}: {d.MediaType} larger than {MaxDocumentBytes} bytes");
                document = await File.ReadAllBytesAsync(path, ct);
                if (Digest.Compute(document) != d.Digest || document.Length != d.Size)
                    throw new GravityException($"{path}: content does not match its digest {d.Digest}");
            }
            foreach (var child in ImageGraph.Children(d.MediaType, document)) await ImportGraphAsync(dir, store, child, seen, ct);
            await store.PutBytesAsync(document, ct);
            return;
        }
        if (store.Exists(d.Digest)) return;
        if (!File.Exists(path)) throw new GravityException($"{dir}: blob {d.Digest} ({d.MediaType}) is missing");
        try
        {
            await using var s = File.OpenRead(path);
            await store.PutAsync(s, d.Digest, d.Size, ct: ct);
        }
        catch (DigestMismatchException ex)
        {
            throw new GravityException($"{path}: content does not match its digest: {ex.Message}", ex);
        }
    }

    /// <summary>
    /// Writes the images into an OCI layout folder (created or extended); blobs already present are kept. index.json is
    /// replaced atomically at the end, so a reader sees either the old or the complete new layout.
    /// </summary>
    public static async Task WriteAsync(string dir, ContentStore store, IEnumerable<(string RefName, Descriptor Descriptor)> images, CancellationToken ct = default)
    {
        Directory.CreateDirectory(dir);
        var existing = File.Exists(Path.Combine(dir, IndexFile)) && File.Exists(Path.Combine(dir, LayoutFile))
            ? (await ReadIndexAsync(dir, ct)).Manifests.ToList()
            : [];
        foreach (var (refName, root) in images)
        {
            foreach (var d in ImageGraph.Walk(store, root))
            {
                var target = BlobPath(dir, d.Digest);
                if (File.Exists(target) && new FileInfo(target).Length == d.Size) continue;
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                await AtomicFile.WriteAsync(target, async output =>
                {
                    await using var input = store.OpenVerifiedRead(d.Digest);
                    await input.CopyToAsync(output, ct);
                });
            }
            var annotations = new Dictionary<string, string>(root.Annotations ?? new Dictionary<string, string>()) { [RefNameAnnotation] = refName };
            existing.RemoveAll(m => m.Annotations is { } a && a.TryGetValue(RefNameAnnotation, out var n) && n == refName);
            existing.Add(root with { Annotations = annotations });
        }
        await AtomicFile.WriteAllBytesAsync(Path.Combine(dir, LayoutFile), LayoutContent);
        var index = new ImageIndex { SchemaVersion = 2, MediaType = MediaTypes.OciIndex, Manifests = existing };
        await AtomicFile.WriteAllBytesAsync(Path.Combine(dir, IndexFile), OciJson.Serialize(index));
    }

    public static string BlobPath(string dir, Digest digest) => Path.Combine(dir, "blobs", digest.Algorithm, digest.Hex);
}

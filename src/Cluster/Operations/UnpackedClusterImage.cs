using Gravity.Core;
using Gravity.Manifest;
using Gravity.Oci;
using Gravity.Oci.Content;
using Gravity.Packaging.ClusterImage;

namespace Gravity.Cluster.Operations;

/// <summary>
/// A cluster image untarred into a folder (what `./install` runs from): its head, its final app.yaml and its
/// container images as an OCI layout under packages/ (readable in place as a content store). Nothing of the folder is
/// believed before the head vouches for it: the head checks itself, and app.yaml is checked against the head before it
/// is parsed.
/// </summary>
public sealed class UnpackedClusterImage
{
    private const int BufferSize = 1 << 17;

    /// <summary>What install and upload read: each must be a file the head lists (so verified), never an extra one.</summary>
    private static readonly string[] RequiredEntries = [ClusterImageLayout.AppManifest, ClusterImageLayout.OciLayoutFile, ClusterImageLayout.OciIndexFile];

    private readonly Dictionary<string, ArchiveEntry> _entries;

    private UnpackedClusterImage(string dir, ClusterImageHead head, Dictionary<string, ArchiveEntry> entries, AppManifest manifest, string manifestYaml)
    {
        Dir = dir;
        Head = head;
        _entries = entries;
        Manifest = manifest;
        ManifestYaml = manifestYaml;
    }

    public string Dir { get; }
    public ClusterImageHead Head { get; }
    public AppManifest Manifest { get; }
    public string ManifestYaml { get; }
    public string PackagesDir => Path.Combine(Dir, ClusterImageLayout.PackagesDir);
    public string GravityBinary => Path.Combine(Dir, ClusterImageLayout.GravityBinary);

    /// <summary>True once <see cref="VerifyAsync"/> has passed on this instance (so one process hashes a large image once).</summary>
    public bool Verified { get; private set; }

    /// <summary>The image's blobs, read in place (packages/blobs/sha256/...).</summary>
    public ContentStore OpenContent() => new(PackagesDir);

    /// <summary>True when the head lists <paramref name="name"/> (a path relative to the image folder).</summary>
    public bool Lists(string name) => _entries.ContainsKey(name);

    public static async Task<UnpackedClusterImage> OpenAsync(string dir, CancellationToken ct = default)
    {
        dir = Path.GetFullPath(dir);
        var headPath = Path.Combine(dir, ClusterImageLayout.HeadPath);
        if (!File.Exists(headPath))
            throw new GravityException($"{dir} is not an unpacked cluster image: {ClusterImageLayout.HeadPath} is missing (untar the image and run ./install from its folder, or pass --from)");
        ClusterImageHead head;
        try
        {
            head = ClusterImageHead.Parse(await ReadBoundedAsync(headPath, ClusterImageLayout.MaxHeadSize, ct));
        }
        catch (InvalidDataException ex)
        {
            throw Damaged(dir, ex.Message);
        }
        var entries = IndexEntries(dir, head);
        CheckNothingUnlisted(dir, entries);

        var manifestPath = Path.Combine(dir, ClusterImageLayout.AppManifest);
        var yaml = System.Text.Encoding.UTF8.GetString(await ReadVerifiedAsync(dir, entries[ClusterImageLayout.AppManifest], ct));
        var manifest = ManifestLoader.Parse(yaml, manifestPath).EnsureSuccess();
        if (manifest.Metadata.Name != head.Name || manifest.Metadata.ResourceVersion != head.Version)
            throw Damaged(dir, $"{ClusterImageLayout.HeadPath} names {head.Name}:{head.Version}, {ClusterImageLayout.AppManifest} {manifest.Metadata.Name}:{manifest.Metadata.ResourceVersion}");
        return new UnpackedClusterImage(dir, head, entries, manifest, yaml);
    }

    /// <summary>
    /// Checks every file the head lists against its recorded size and digest (streamed), then the container images
    /// against packages/index.json. Throws naming the first damaged or missing file: nothing of the install runs on a
    /// damaged image.
    /// </summary>
    /// <param name="verifiedOnUse">
    /// Blobs not read here, because whoever uses them verifies them as they are read (upload copies only the blobs the
    /// cluster lacks, each checked on its way into the registry's store): the check then costs the new bytes only.
    /// </param>
    public async Task VerifyAsync(IProgress<string>? progress = null, CancellationToken ct = default, IReadOnlySet<Digest>? verifiedOnUse = null)
    {
        foreach (var entry in _entries.Values)
        {
            if (verifiedOnUse is not null && ClusterImageLayout.TryParseBlobPath(entry.Name, out var blob) && verifiedOnUse.Contains(blob)) continue;
            progress?.Report(entry.Name);
            await using var stream = OpenListed(Dir, entry);
            var actual = await Digest.ComputeAsync(stream, ct);
            if (actual != entry.Digest)
                throw Damaged(Dir, $"{entry.Name} has digest {actual}, the image records {entry.Digest}");
        }
        var problems = ClusterImageContentCheck.Check(Head, _entries.GetValueOrDefault,
            name => ReadVerifiedAsync(Dir, _entries[name], ct).GetAwaiter().GetResult());
        if (problems.Count > 0) throw Damaged(Dir, string.Join("; ", problems));
        Verified = verifiedOnUse is null;
    }

    private static Dictionary<string, ArchiveEntry> IndexEntries(string dir, ClusterImageHead head)
    {
        var entries = new Dictionary<string, ArchiveEntry>(StringComparer.Ordinal);
        foreach (var entry in head.ToArchiveEntries())
        {
            if (entry.Name == ClusterImageLayout.HeadPath || !entries.TryAdd(entry.Name, entry))
                throw Damaged(dir, $"{ClusterImageLayout.HeadPath} lists {entry.Name} twice");
        }
        foreach (var required in RequiredEntries)
            if (!entries.ContainsKey(required)) throw Damaged(dir, $"{ClusterImageLayout.HeadPath} does not list {required}");
        foreach (var resource in head.Resources)
            if (!entries.ContainsKey(ClusterImageLayout.ResourcePath(resource)))
                throw Damaged(dir, $"{ClusterImageLayout.HeadPath} names resource {resource} but does not list {ClusterImageLayout.ResourcePath(resource)}");
        if (File.Exists(Path.Combine(dir, ClusterImageLayout.GravityBinary)) && !entries.ContainsKey(ClusterImageLayout.GravityBinary))
            throw Damaged(dir, $"{ClusterImageLayout.HeadPath} does not list {ClusterImageLayout.GravityBinary}, which is in the folder");
        return entries;
    }

    /// <summary>Install reads packages/ by name (blobs by digest, resources by path) and .gravity/: a file there the head does not list is refused.</summary>
    private static void CheckNothingUnlisted(string dir, Dictionary<string, ArchiveEntry> entries)
    {
        foreach (var folder in new[] { ClusterImageLayout.PackagesDir, ".gravity" })
        {
            var root = Path.Combine(dir, folder);
            if (!Directory.Exists(root)) continue;
            var options = new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0, IgnoreInaccessible = false };
            foreach (var path in Directory.EnumerateFileSystemEntries(root, "*", options))
            {
                if (Directory.Exists(path) && new FileInfo(path).LinkTarget is null) continue;
                var name = Path.GetRelativePath(dir, path).Replace('\\', '/');
                if (name != ClusterImageLayout.HeadPath && !entries.ContainsKey(name))
                    throw Damaged(dir, $"{name} is not listed in {ClusterImageLayout.HeadPath}");
            }
        }
    }

    /// <summary>A listed file, opened without following a link, with the size the head records.</summary>
    private static FileStream OpenListed(string dir, ArchiveEntry entry)
    {
        var path = ArchivePath.Resolve(dir, entry.Name);
        var info = new FileInfo(path);
        if (info.LinkTarget is not null) throw Damaged(dir, $"{entry.Name} is a symbolic link");
        if (!info.Exists) throw Damaged(dir, $"{entry.Name} is missing");
        if (info.Length != entry.Size) throw Damaged(dir, $"{entry.Name} has {info.Length} bytes, the image records {entry.Size}");
        return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, BufferSize, FileOptions.Asynchronous | FileOptions.SequentialScan);
    }

    private static async Task<byte[]> ReadVerifiedAsync(string dir, ArchiveEntry entry, CancellationToken ct)
    {
        if (entry.Size > 64L << 20) throw Damaged(dir, $"{entry.Name} is larger than 64 MiB");
        await using var stream = OpenListed(dir, entry);
        var bytes = await ReadBoundedAsync(stream, entry.Size, ct);
        if (bytes.Length != entry.Size || Digest.Compute(bytes) != entry.Digest)
            throw Damaged(dir, $"{entry.Name} has digest {Digest.Compute(bytes)}, the image records {entry.Digest}");
        return bytes;
    }

    private static async Task<byte[]> ReadBoundedAsync(string path, long limit, CancellationToken ct)
    {
        await using var stream = File.OpenRead(path);
        var bytes = await ReadBoundedAsync(stream, limit, ct);
        return stream.ReadByte() < 0 ? bytes : throw new InvalidDataException($"{ClusterImageLayout.HeadPath} is larger than {limit} bytes");
    }

    private static async Task<byte[]> ReadBoundedAsync(Stream stream, long limit, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[BufferSize];
        int n;
        while (buffer.Length < limit && (n = await stream.ReadAsync(chunk.AsMemory(0, (int)Math.Min(chunk.Length, limit - buffer.Length)), ct)) > 0)
            buffer.Write(chunk, 0, n);
        return buffer.ToArray();
    }

    private static GravityException Damaged(string dir, string problem) => new($"damaged cluster image {dir}: {problem}");
}

using Gravity.Core;
using Gravity.Manifest;
using Gravity.Oci;
using Gravity.Oci.Content;
using Gravity.Packaging.ClusterImage;

namespace Gravity.Cluster.Operations;

/// <summary>
/// A cluster image untarred into a folder (what `./install` runs from): its head, its final app.yaml and its
/// container images as an OCI layout under packages/ (readable in place as a content store).
/// </summary>
public sealed class UnpackedClusterImage
{
    private UnpackedClusterImage(string dir, ClusterImageHead head, AppManifest manifest, string manifestYaml)
    {
        Dir = dir;
        Head = head;
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

    public static async Task<UnpackedClusterImage> OpenAsync(string dir, CancellationToken ct = default)
    {
        dir = Path.GetFullPath(dir);
        var headPath = Path.Combine(dir, ClusterImageLayout.HeadPath);
        if (!File.Exists(headPath))
            throw new GravityException($"{dir} is not an unpacked cluster image: {ClusterImageLayout.HeadPath} is missing (untar the image and run ./install from its folder, or pass --from)");
        ClusterImageHead head;
        try
        {
            head = ClusterImageHead.Parse(await File.ReadAllBytesAsync(headPath, ct));
        }
        catch (InvalidDataException ex)
        {
            throw new GravityException($"{headPath}: {ex.Message}", ex);
        }
        var manifestPath = Path.Combine(dir, ClusterImageLayout.AppManifest);
        if (!File.Exists(manifestPath)) throw new GravityException($"{dir}: the cluster image has no {ClusterImageLayout.AppManifest}");
        var yaml = await File.ReadAllTextAsync(manifestPath, ct);
        var manifest = ManifestLoader.Parse(yaml, manifestPath).EnsureSuccess();
        return new UnpackedClusterImage(dir, head, manifest, yaml);
    }

    /// <summary>
    /// Checks every file the head lists against its recorded size and digest (streamed). Throws naming the first damaged
    /// or missing file: nothing of the install runs on a damaged image.
    /// </summary>
    public async Task VerifyAsync(IProgress<string>? progress = null, CancellationToken ct = default)
    {
        foreach (var entry in Head.ToArchiveEntries())
        {
            if (!ArchivePath.IsSafe(entry.Name, out var reason))
                throw new GravityException($"damaged cluster image {Dir}: {ClusterImageLayout.HeadPath} lists unsafe path '{entry.Name}': {reason}");
            var path = ArchivePath.Resolve(Dir, entry.Name);
            var info = new FileInfo(path);
            if (!info.Exists) throw new GravityException($"damaged cluster image {Dir}: {entry.Name} is missing");
            if (info.Length != entry.Size)
                throw new GravityException($"damaged cluster image {Dir}: {entry.Name} has {info.Length} bytes, the image records {entry.Size}");
            progress?.Report(entry.Name);
            await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 17, FileOptions.Asynchronous | FileOptions.SequentialScan);
            var actual = await Digest.ComputeAsync(stream, ct);
            if (actual != entry.Digest)
                throw new GravityException($"damaged cluster image {Dir}: {entry.Name} has digest {actual}, the image records {entry.Digest}");
        }
        Verified = true;
    }
}

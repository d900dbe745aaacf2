using System.Security.Cryptography;
using Gravity.Core;
using Gravity.Oci;
using Gravity.Packaging.ClusterImage;

namespace Gravity.Cluster.Operations.Upload;

/// <summary>
/// A version's folder being written (<see cref="UploadedAppFolder"/>): next to its final place, root's, each file
/// checked against the head as it is written (a file the head does not name, twice, of another size or digest is
/// refused), then put in place by a rename once every file is there. Disposed uncommitted, it leaves nothing.
/// </summary>
public sealed class AppFolderStaging : IDisposable
{
    private readonly Dictionary<string, HeadEntry> _expected;
    private readonly HashSet<string> _written = new(StringComparer.Ordinal);
    private readonly string _staging;
    private bool _committed;

    private AppFolderStaging(string targetDir, ClusterImageHead head, Digest headDigest, Dictionary<string, HeadEntry> expected)
    {
        TargetDir = targetDir;
        Head = head;
        HeadDigest = headDigest;
        _expected = expected;
        _staging = $"{targetDir}.staging-{RandomNumberGenerator.GetHexString(8, lowercase: true)}";
    }

    public string TargetDir { get; }
    public ClusterImageHead Head { get; }
    /// <summary>The sha256 of head.json's bytes.</summary>
    public Digest HeadDigest { get; }

    /// <summary>Starts the folder of the version <paramref name="headBytes"/> describes (the head checks itself; it must name <paramref name="name"/>:<paramref name="version"/>).</summary>
    public static AppFolderStaging Begin(string targetDir, byte[] headBytes, string name, string version)
    {
        if (headBytes.Length > ClusterImageLayout.MaxHeadSize) throw new GravityException($"head.json is larger than {ByteSize.Format(ClusterImageLayout.MaxHeadSize)}");
        ClusterImageHead head;
        try { head = ClusterImageHead.Parse(headBytes); }
        catch (InvalidDataException ex) { throw new GravityException($"head.json of {name}:{version} is not a valid cluster image head: {ex.Message}", ex); }
        if (head.Name != name || head.Version != version)
            throw new GravityException($"head.json names {head.Name}:{head.Version}, not {name}:{version}");
        var expected = new Dictionary<string, HeadEntry>(StringComparer.Ordinal);
        foreach (var (path, entry) in UploadedAppFolder.FilesOf(head))
            if (!expected.TryAdd(path, entry)) throw new GravityException($"head.json of {name}:{version} lists {entry.Name} twice");
        if (expected.Values.Sum(e => e.Size) > UploadedAppFolder.MaxBytes)
            throw new GravityException($"the folder of {name}:{version} would hold more than {ByteSize.Format(UploadedAppFolder.MaxBytes)}");

        var staging = new AppFolderStaging(targetDir, head, Digest.Compute(headBytes), expected);
        Directory.CreateDirectory(Path.GetDirectoryName(targetDir)!);
        Directory.CreateDirectory(staging._staging, FileModes.Executable);
        try
        {
            WriteBytes(Path.Combine(staging._staging, UploadedAppFolder.HeadFile), headBytes);
        }
        catch
        {
            staging.Dispose();
            throw;
        }
        return staging;
    }

    /// <summary>The folder of an unpacked image's version (<paramref name="headBytes"/>: its .gravity/head.json as read), every file read from the image again and checked.</summary>
    public static async Task<AppFolderStaging> FromImageAsync(UnpackedClusterImage image, byte[] headBytes, string targetDir, CancellationToken ct)
    {
        var staging = Begin(targetDir, headBytes, image.Head.Name, image.Head.Version);
        try
        {
            foreach (var (path, entry) in UploadedAppFolder.FilesOf(staging.Head))
            {
                var source = ArchivePath.Resolve(image.Dir, entry.Name);
                if (new FileInfo(source).LinkTarget is not null) throw new GravityException($"damaged cluster image {image.Dir}: {entry.Name} is a symbolic link");
                await using var stream = new FileStream(source, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 17, FileOptions.SequentialScan);
                try
                {
                    await staging.AddAsync(path, stream, ct);
                }
                catch (GravityException ex)
                {
                    throw new GravityException($"damaged cluster image {image.Dir}: {ex.Message}", ex);
                }
            }
            return staging;
        }
        catch
        {
            staging.Dispose();
            throw;
        }
    }

    /// <summary>Writes <paramref name="path"/> (a path in the folder) from <paramref name="content"/>, reading at most one byte more than the head records.</summary>
    public async Task AddAsync(string path, Stream content, CancellationToken ct)
    {
        if (!_expected.TryGetValue(path, out var entry)) throw new GravityException($"{path} is not a file of {Head.Name}:{Head.Version} (head.json does not list it)");
        if (!_written.Add(path)) throw new GravityException($"{path} was sent twice");
        var target = ArchivePath.Resolve(_staging, path);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!, FileModes.Executable);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        long total = 0;
        await using (var output = new FileStream(target, new FileStreamOptions
        {
            Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = UploadedAppFolder.ModeOf(path), Options = FileOptions.Asynchronous,
        }))
        {
            var buffer = new byte[1 << 17];
            int n;
            while ((n = await content.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, entry.Size - total + 1)), ct)) > 0)
            {
                total += n;
                if (total > entry.Size) throw new GravityException($"{path} is larger than the {entry.Size} bytes head.json records");
                hash.AppendData(buffer, 0, n);
                await output.WriteAsync(buffer.AsMemory(0, n), ct);
            }
            output.Flush(flushToDisk: true);
        }
        if (total != entry.Size) throw new GravityException($"{path} has {total} bytes, head.json records {entry.Size}");
        var digest = Digest.Sha256(hash.GetHashAndReset());
        if (digest != entry.Digest) throw new GravityException($"{path} has digest {digest}, head.json records {entry.Digest}");
        // The mode asked for at creation went through the umask.
        File.SetUnixFileMode(target, UploadedAppFolder.ModeOf(path));
    }

    /// <summary>
    /// Puts the folder in place once every file is there. A folder already there with the same head is kept (nothing
    /// changes); one of another head is replaced.
    /// </summary>
    /// <returns>False when the same version with the same head was there already.</returns>
    public bool Commit()
    {
        var missing = _expected.Keys.Where(p => !_written.Contains(p)).Order(StringComparer.Ordinal).ToList();
        if (missing.Count > 0) throw new GravityException($"the folder of {Head.Name}:{Head.Version} is missing {string.Join(", ", missing)}");
        if (UploadedAppFolder.IsComplete(TargetDir, HeadDigest))
        {
            Dispose();
            return false;
        }
        string? old = null;
        if (Directory.Exists(TargetDir))
        {
            old = $"{TargetDir}.old-{RandomNumberGenerator.GetHexString(8, lowercase: true)}";
            Directory.Move(TargetDir, old);
        }
        Directory.Move(_staging, TargetDir);
        _committed = true;
        if (old is not null) Directory.Delete(old, recursive: true);
        return true;
    }

    public void Dispose()
    {
        if (!_committed && Directory.Exists(_staging)) Directory.Delete(_staging, recursive: true);
    }

    private static void WriteBytes(string path, byte[] bytes)
    {
        using var output = new FileStream(path, new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = FileModes.Regular });
        output.Write(bytes);
        output.Flush(flushToDisk: true);
        File.SetUnixFileMode(path, FileModes.Regular);
    }
}

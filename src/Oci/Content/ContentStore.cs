using Gravity.Core.IO;

namespace Gravity.Oci.Content;

/// <summary>
/// Content-addressed blob store on the local file system, modelled on containerd's content store:
/// <c>blobs/&lt;alg&gt;/&lt;hex&gt;</c> holds only verified content; writers stream into <c>ingest/</c> and a blob becomes
/// visible through one atomic rename after its digest checked out. Two writers of the same blob both succeed, a killed
/// writer leaves only an ingest file (removed by <see cref="CleanIngest"/>), and a reader never sees a partial blob.
/// </summary>
public sealed class ContentStore
{
    private const int BufferSize = 1 << 17;

    /// <param name="root">The store's folder.</param>
    /// <param name="syncWrites">
    /// Flush every blob to disk before it becomes visible, so that a power loss cannot leave a damaged blob under a valid
    /// name. A cache whose every read is verified anyway (tele's build cache) may turn it off and refetch what fails.
    /// </param>
    public ContentStore(string root, bool syncWrites = true)
    {
        _syncWrites = syncWrites;
        Root = Path.GetFullPath(root);
        Directory.CreateDirectory(Path.Combine(Root, "blobs", "sha256"));
        Directory.CreateDirectory(IngestRoot);
    }

    private readonly bool _syncWrites;

    public string Root { get; }

    private string IngestRoot => Path.Combine(Root, "ingest");

    /// <summary>The file of a blob; it exists only when the blob does. Digest grammar guarantees the path stays inside the store.</summary>
    public string PathOf(Digest digest) => Path.Combine(Root, "blobs", digest.Algorithm, digest.Hex);

    public bool Exists(Digest digest) => File.Exists(PathOf(digest));

    public long? TryGetSize(Digest digest)
    {
        var info = new FileInfo(PathOf(digest));
        return info.Exists ? info.Length : null;
    }

    public Stream OpenRead(Digest digest)
    {
        try
        {
            return new FileStream(PathOf(digest), FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, BufferSize,
                FileOptions.Asynchronous | FileOptions.SequentialScan);
        }
        catch (FileNotFoundException) { throw new BlobNotFoundException(digest); }
        catch (DirectoryNotFoundException) { throw new BlobNotFoundException(digest); }
    }

    /// <summary>Opens a blob and verifies it while it is read (for content that leaves this machine or that we do not trust at rest).</summary>
    public Stream OpenVerifiedRead(Digest digest)
    {
        var s = OpenRead(digest);
        return new VerifyingReadStream(s, digest, s.Length, source: digest.ToString());
    }

    /// <summary>Streams <paramref name="source"/> into the store, verifying it against <paramref name="expected"/>. Does nothing if the blob is already present.</summary>
    public async Task<long> PutAsync(Stream source, Digest expected, long? expectedSize = null,
        IProgress<long>? progress = null, CancellationToken ct = default)
    {
        if (TryGetSize(expected) is { } have) return have;
        var temp = NewIngestPath();
        try
        {
            long written;
            await using (var verifying = new VerifyingReadStream(source, expected, expectedSize, leaveOpen: true, source: expected.ToString()))
            await using (var file = CreateIngestFile(temp))
            {
                written = await CopyAsync(verifying, file, progress, ct).ConfigureAwait(false);
                file.Flush(flushToDisk: _syncWrites);
            }
            Commit(temp, expected);
            return written;
        }
        finally
        {
            TryDelete(temp);
        }
    }

    /// <summary>Streams content of unknown digest into the store and returns its digest and size.</summary>
    public async Task<(Digest Digest, long Size)> PutAsync(Stream source, IProgress<long>? progress = null, CancellationToken ct = default)
    {
        var temp = NewIngestPath();
        try
        {
            using var hash = System.Security.Cryptography.IncrementalHash.CreateHash(System.Security.Cryptography.HashAlgorithmName.SHA256);
            long written;
            await using (var file = CreateIngestFile(temp))
            {
                written = await PipelinedCopy.CopyAsync(source, file, chunk => hash.AppendData(chunk.Span), progress: progress, ct: ct).ConfigureAwait(false);
                file.Flush(flushToDisk: _syncWrites);
            }
            var digest = Digest.Sha256(hash.GetHashAndReset());
            Commit(temp, digest);
            return (digest, written);
        }
        finally
        {
            TryDelete(temp);
        }
    }

    public async Task<Digest> PutBytesAsync(ReadOnlyMemory<byte> content, CancellationToken ct = default)
    {
        var digest = Digest.Compute(content.Span);
        if (!Exists(digest))
        {
            using var ms = new MemoryStream(content.ToArray(), writable: false);
            await PutAsync(ms, digest, content.Length, ct: ct).ConfigureAwait(false);
        }
        return digest;
    }

    public async Task<byte[]> ReadAllBytesAsync(Digest digest, CancellationToken ct = default)
    {
        await using var s = OpenVerifiedRead(digest);
        using var ms = new MemoryStream();
        await s.CopyToAsync(ms, ct).ConfigureAwait(false);
        return ms.ToArray();
    }

    /// <summary>
    /// Moves a file that a caller assembled in <see cref="NewIngestPath"/> (a resumable upload) into the store after
    /// re-hashing it. The file is consumed either way.
    /// </summary>
    public async Task ImportIngestFileAsync(string ingestPath, Digest expected, CancellationToken ct = default)
    {
        try
        {
            if (!Exists(expected))
            {
                await using (var file = new FileStream(ingestPath, FileMode.Open, FileAccess.Read, FileShare.Read, BufferSize, FileOptions.SequentialScan | FileOptions.Asynchronous))
                await using (var verifying = new VerifyingReadStream(file, expected, source: expected.ToString()))
                {
                    await verifying.CopyToAsync(Stream.Null, ct).ConfigureAwait(false);
                }
                Commit(ingestPath, expected);
            }
        }
        finally
        {
            TryDelete(ingestPath);
        }
    }

    /// <summary>Re-hashes a blob; a damaged one is removed so that it is fetched again rather than used.</summary>
    public async Task<bool> VerifyAsync(Digest digest, CancellationToken ct = default)
    {
        try
        {
            await using var s = OpenVerifiedRead(digest);
            await s.CopyToAsync(Stream.Null, ct).ConfigureAwait(false);
            return true;
        }
        catch (DigestMismatchException)
        {
            Delete(digest);
            return false;
        }
    }

    public bool Delete(Digest digest)
    {
        var path = PathOf(digest);
        if (!File.Exists(path)) return false;
        File.Delete(path);
        return true;
    }

    public IEnumerable<Digest> List()
    {
        foreach (var algDir in Directory.EnumerateDirectories(Path.Combine(Root, "blobs")))
        foreach (var file in Directory.EnumerateFiles(algDir))
            if (Digest.TryParse($"{Path.GetFileName(algDir)}:{Path.GetFileName(file)}", out var d))
                yield return d;
    }

    /// <summary>A fresh, unique file name inside the ingest folder (same file system as the blobs, so the final rename is atomic).</summary>
    public string NewIngestPath() => Path.Combine(IngestRoot, $"{Guid.NewGuid():N}.partial");

    /// <summary>Removes ingest files older than <paramref name="olderThan"/>: what killed writers left behind.</summary>
    public int CleanIngest(TimeSpan olderThan)
    {
        var removed = 0;
        var cutoff = DateTime.UtcNow - olderThan;
        foreach (var f in Directory.EnumerateFiles(IngestRoot))
        {
            if (File.GetLastWriteTimeUtc(f) < cutoff && TryDelete(f)) removed++;
        }
        return removed;
    }

    private static FileStream CreateIngestFile(string path)
        => new(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, BufferSize, FileOptions.Asynchronous);

    private void Commit(string temp, Digest digest)
    {
        var final = PathOf(digest);
        Directory.CreateDirectory(Path.GetDirectoryName(final)!);
        try
        {
            File.Move(temp, final, overwrite: false);
        }
        catch (IOException) when (File.Exists(final))
        {
            // Another writer committed the same verified content first; ours is redundant.
        }
    }

    private static Task<long> CopyAsync(Stream from, Stream to, IProgress<long>? progress, CancellationToken ct)
        => PipelinedCopy.CopyAsync(from, to, progress: progress, ct: ct);

    private static bool TryDelete(string path)
    {
        try { File.Delete(path); return true; }
        catch (IOException) { return false; }
        catch (UnauthorizedAccessException) { return false; }
    }
}

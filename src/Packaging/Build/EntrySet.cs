using Gravity.Oci;
using Gravity.Oci.Content;
using Gravity.Packaging.ClusterImage;

namespace Gravity.Packaging.Build;

/// <summary>The files of a cluster image being assembled, in archive order, each with a way to open its content.</summary>
internal sealed class EntrySet
{
    private readonly Dictionary<string, Func<CancellationToken, Task<Stream>>> _openers = new(StringComparer.Ordinal);

    public List<ArchiveEntry> Entries { get; } = [];

    public ArchiveEntry AddBytes(string name, byte[] content, UnixFileMode mode = ArchiveEntry.RegularMode)
        => Add(new ArchiveEntry(name, mode, content.Length, Digest.Compute(content)),
            _ => Task.FromResult<Stream>(new MemoryStream(content, writable: false)));

    public ArchiveEntry AddText(string name, string text, UnixFileMode mode = ArchiveEntry.RegularMode)
        => AddBytes(name, System.Text.Encoding.UTF8.GetBytes(text), mode);

    /// <summary>A file from disk: hashed now, and verified again when the archive is written (so a file changed meanwhile fails the build).</summary>
    public async Task<ArchiveEntry> AddFileAsync(string name, string path, UnixFileMode mode, CancellationToken ct)
        => AddFile(name, await HashedFile.ComputeAsync(path, ct).ConfigureAwait(false), mode);

    /// <summary>A file from disk hashed beforehand, verified again when the archive is written.</summary>
    public ArchiveEntry AddFile(string name, HashedFile file, UnixFileMode mode)
        => Add(new ArchiveEntry(name, mode, file.Size, file.Digest), _ => Task.FromResult<Stream>(file.Open()));

    /// <summary>A blob of the content store, hashed again as it is written (it may have been damaged at rest).</summary>
    public ArchiveEntry AddBlob(ContentStore store, Digest digest, long size)
        => Add(new ArchiveEntry(ClusterImageLayout.BlobPath(digest), ArchiveEntry.RegularMode, size, digest),
            _ => Task.FromResult(store.OpenRead(digest)));

    /// <summary>
    /// A blob this build is downloading: <paramref name="downloaded"/> completes once the store has admitted it, which
    /// it does only after verifying digest and size, so it is written without being read and hashed again.
    /// </summary>
    public ArchiveEntry AddDownloadingBlob(ContentStore store, Digest digest, long size, Task downloaded)
        => Add(new ArchiveEntry(ClusterImageLayout.BlobPath(digest), ArchiveEntry.RegularMode, size, digest),
            async ct =>
            {
                await downloaded.WaitAsync(ct).ConfigureAwait(false);
                try { return new PreverifiedFileStream(store.PathOf(digest)); }
                catch (FileNotFoundException) { throw new BlobNotFoundException(digest); }
            });

    public void Insert(int index, ArchiveEntry entry, byte[] content)
    {
        Entries.Insert(index, entry);
        _openers[entry.Name] = _ => Task.FromResult<Stream>(new MemoryStream(content, writable: false));
    }

    public Task<Stream> OpenAsync(ArchiveEntry entry, CancellationToken ct) => _openers[entry.Name](ct);

    private ArchiveEntry Add(ArchiveEntry entry, Func<CancellationToken, Task<Stream>> open)
    {
        if (!_openers.TryAdd(entry.Name, open)) throw new InvalidOperationException($"cluster image entry '{entry.Name}' added twice");
        Entries.Add(entry);
        return entry;
    }
}

using Gravity.Oci;
using Gravity.Oci.Content;
using Gravity.Oci.Model;

namespace Gravity.Packaging.ClusterImage;

/// <summary>
/// Reads a cluster image file. Opening reads only the head (the first entry), so inspecting a large image is cheap;
/// the positions of the other entries are scanned on first use. Every entry opened is verified against the digest
/// and size the head records, and names are checked so that nothing can point outside the image.
/// </summary>
public sealed class ClusterImageReader
{
    private const int BufferSize = 1 << 17;
    private readonly Dictionary<string, ArchiveEntry> _byName;
    private readonly SemaphoreSlim _indexLock = new(1, 1);
    private Dictionary<string, TarEntryHeader>? _positions;

    private ClusterImageReader(string path, ClusterImageHead head, ArchiveEntry headEntry)
    {
        Path = System.IO.Path.GetFullPath(path);
        Head = head;
        HeadEntry = headEntry;
        Entries = [headEntry, .. head.ToArchiveEntries()];
        _byName = new Dictionary<string, ArchiveEntry>(StringComparer.Ordinal);
        foreach (var e in Entries)
        {
            if (!ArchivePath.IsSafe(e.Name, out var reason)) throw new InvalidDataException($"{path}: head lists unsafe entry '{e.Name}': {reason}");
            if (!_byName.TryAdd(e.Name, e)) throw new InvalidDataException($"{path}: head lists '{e.Name}' twice");
        }
    }

    public string Path { get; }
    public ClusterImageHead Head { get; }

    /// <summary>The head.json entry itself (its digest is the digest of the bytes read).</summary>
    public ArchiveEntry HeadEntry { get; }

    /// <summary>Every regular file of the image in archive order, head first: what the writer needs to reproduce the file.</summary>
    public IReadOnlyList<ArchiveEntry> Entries { get; }

    public static async Task<ClusterImageReader> OpenAsync(string path, CancellationToken ct = default)
    {
        await using var file = OpenFile(path);
        var scanner = new TarScanner(file);
        while (await scanner.NextAsync(ct).ConfigureAwait(false) is { } entry)
        {
            if (entry.Kind == TarEntryKind.Directory) continue;
            if (entry.Name != ClusterImageLayout.HeadPath)
                throw new InvalidDataException($"{path} is not a cluster image: its first file is '{entry.Name}', expected {ClusterImageLayout.HeadPath}");
            var bytes = await scanner.ReadDataAsync(entry, ClusterImageLayout.MaxHeadSize, ct).ConfigureAwait(false);
            var digest = Digest.Compute(bytes);
            // Mandatory: a header that lost or garbled its digest must not switch the check off.
            if (!Digest.TryParse(entry.Comment, out var recorded))
                throw new InvalidDataException($"{path}: the tar header of {ClusterImageLayout.HeadPath} records no digest (pax comment): not written by tele build, or damaged");
            if (recorded != digest)
                throw new InvalidDataException($"{path}: {ClusterImageLayout.HeadPath} is damaged: content has digest {digest}, its header records {recorded}");
            ClusterImageHead head;
            try { head = ClusterImageHead.Parse(bytes); }
            catch (InvalidDataException ex) { throw new InvalidDataException($"{path}: {ex.Message}", ex); }
            var headEntry = new ArchiveEntry(entry.Name, entry.Mode, bytes.Length, digest);
            return new ClusterImageReader(path, head, headEntry);
        }
        throw new InvalidDataException($"{path} is not a cluster image: no {ClusterImageLayout.HeadPath}");
    }

    public bool Contains(string name) => _byName.ContainsKey(name);

    public ArchiveEntry? Find(string name) => _byName.GetValueOrDefault(name);

    /// <summary>Streams one entry, verified against the head as it is read (a mismatch throws at the end of the stream).</summary>
    public async Task<Stream> OpenEntryAsync(string name, CancellationToken ct = default)
    {
        if (!_byName.TryGetValue(name, out var expected)) throw new InvalidDataException($"{Path}: no entry '{name}' in the head");
        var positions = await GetPositionsAsync(ct).ConfigureAwait(false);
        if (!positions.TryGetValue(name, out var header)) throw new InvalidDataException($"{Path}: entry '{name}' is listed in the head but missing from the archive");
        if (header.Size != expected.Size) throw new InvalidDataException($"{Path}: entry '{name}' has {header.Size} bytes, the head says {expected.Size}");
        var file = OpenFile(Path);
        file.Seek(header.DataOffset, SeekOrigin.Begin);
        var window = new BoundedReadStream(file, header.Size, leaveOpen: false);
        return new VerifyingReadStream(window, expected.Digest, expected.Size, source: $"{System.IO.Path.GetFileName(Path)}:{name}");
    }

    public Stream OpenEntry(string name) => OpenEntryAsync(name).GetAwaiter().GetResult();

    public async Task<byte[]> ReadEntryBytesAsync(string name, long limit = 16 << 20, CancellationToken ct = default)
    {
        if (_byName.TryGetValue(name, out var e) && e.Size > limit) throw new InvalidDataException($"{Path}: entry '{name}' is larger than {limit} bytes");
        await using var s = await OpenEntryAsync(name, ct).ConfigureAwait(false);
        using var ms = new MemoryStream();
        await s.CopyToAsync(ms, ct).ConfigureAwait(false);
        return ms.ToArray();
    }

    public bool HasBlob(Digest digest) => _byName.ContainsKey(ClusterImageLayout.BlobPath(digest));

    public Task<Stream> OpenBlobAsync(Digest digest, CancellationToken ct = default) => OpenEntryAsync(ClusterImageLayout.BlobPath(digest), ct);

    /// <summary>The OCI index of packages/ (one manifest per image, annotated with its cluster registry reference).</summary>
    public async Task<ImageIndex> ReadImageIndexAsync(CancellationToken ct = default)
        => OciJson.Deserialize<ImageIndex>(await ReadEntryBytesAsync(ClusterImageLayout.OciIndexFile, ct: ct).ConfigureAwait(false));

    /// <summary>Copies every blob of the image into a content store (each verified).</summary>
    public async Task ImportBlobsAsync(ContentStore store, CancellationToken ct = default)
    {
        foreach (var e in Entries)
        {
            if (!ClusterImageLayout.TryParseBlobPath(e.Name, out var digest) || store.Exists(digest)) continue;
            await using var s = await OpenEntryAsync(e.Name, ct).ConfigureAwait(false);
            await store.PutAsync(s, digest, e.Size, ct: ct).ConfigureAwait(false);
        }
    }

    /// <summary>Unpacks the image into <paramref name="targetDir"/>; every file is verified and stays inside the folder.</summary>
    public async Task ExtractAsync(string targetDir, CancellationToken ct = default)
    {
        Directory.CreateDirectory(targetDir);
        await using var file = OpenFile(Path);
        var scanner = new TarScanner(file);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        while (await scanner.NextAsync(ct).ConfigureAwait(false) is { } entry)
        {
            var target = ArchivePath.Resolve(targetDir, entry.Name);
            if (entry.Kind == TarEntryKind.Directory)
            {
                Directory.CreateDirectory(target);
                continue;
            }
            if (!seen.Add(entry.Name)) throw new InvalidDataException($"{Path}: entry '{entry.Name}' appears twice");
            if (!_byName.TryGetValue(entry.Name, out var expected)) throw new InvalidDataException($"{Path}: entry '{entry.Name}' is not listed in the head");
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(target)!);
            await using (var data = new VerifyingReadStream(scanner.OpenData(entry), expected.Digest, expected.Size, source: entry.Name))
            await using (var output = new FileStream(target, new FileStreamOptions
                         {
                             Mode = FileMode.CreateNew, Access = FileAccess.Write, Options = FileOptions.Asynchronous,
                             UnixCreateMode = expected.Mode & ~(UnixFileMode.SetUser | UnixFileMode.SetGroup | UnixFileMode.StickyBit),
                         }))
            {
                await data.CopyToAsync(output, BufferSize, ct).ConfigureAwait(false);
            }
            File.SetUnixFileMode(target, expected.Mode & ~(UnixFileMode.SetUser | UnixFileMode.SetGroup | UnixFileMode.StickyBit));
        }
        var missing = Entries.FirstOrDefault(e => !seen.Contains(e.Name));
        if (missing is not null) throw new InvalidDataException($"{Path}: entry '{missing.Name}' is listed in the head but missing from the archive");
    }

    private async Task<Dictionary<string, TarEntryHeader>> GetPositionsAsync(CancellationToken ct)
    {
        if (_positions is { } ready) return ready;
        await _indexLock.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            if (_positions is { } again) return again;
            var map = new Dictionary<string, TarEntryHeader>(StringComparer.Ordinal);
            await using var file = OpenFile(Path);
            var scanner = new TarScanner(file);
            while (await scanner.NextAsync(ct).ConfigureAwait(false) is { } entry)
            {
                if (entry.Kind == TarEntryKind.Directory) continue;
                if (!map.TryAdd(entry.Name, entry)) throw new InvalidDataException($"{Path}: entry '{entry.Name}' appears twice");
            }
            return _positions = map;
        }
        finally { _indexLock.Release(); }
    }

    private static FileStream OpenFile(string path)
        => new(path, FileMode.Open, FileAccess.Read, FileShare.Read, BufferSize, FileOptions.Asynchronous);
}

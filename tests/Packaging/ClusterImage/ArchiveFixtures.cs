using System.Text;
using Gravity.Oci;
using Gravity.Packaging.ClusterImage;

namespace Gravity.Packaging.Tests.ClusterImage;

/// <summary>Small in-memory contents for archive tests, with a head.json listing them so that the reader accepts the file.</summary>
internal sealed class ArchiveFixtures
{
    private readonly Dictionary<Digest, byte[]> _content = new();

    public List<ArchiveEntry> Entries { get; } = [];

    public ArchiveFixtures Add(string name, string text, UnixFileMode mode = ArchiveEntry.RegularMode)
        => Add(name, Encoding.UTF8.GetBytes(text), mode);

    public ArchiveFixtures Add(string name, byte[] data, UnixFileMode mode = ArchiveEntry.RegularMode)
    {
        var digest = Digest.Compute(data);
        _content[digest] = data;
        Entries.Add(new ArchiveEntry(name, mode, data.Length, digest));
        return this;
    }

    /// <summary>The entries preceded by a head.json that lists them.</summary>
    public IReadOnlyList<ArchiveEntry> WithHead(string name = "app", string version = "1.0.0")
    {
        var head = new ClusterImageHead
        {
            Name = name, Version = version, Created = new DateTimeOffset(2024, 1, 2, 3, 4, 5, TimeSpan.Zero),
            Entries = Entries.Select(HeadEntry.From).ToList(),
        };
        var bytes = head.ToJson();
        var digest = Digest.Compute(bytes);
        _content[digest] = bytes;
        return [new ArchiveEntry(ClusterImageLayout.HeadPath, ArchiveEntry.RegularMode, bytes.Length, digest), .. Entries];
    }

    public Task<Stream> Open(ArchiveEntry entry, CancellationToken ct) => Task.FromResult<Stream>(new MemoryStream(_content[entry.Digest], writable: false));

    public async Task<byte[]> WriteAsync(IReadOnlyList<ArchiveEntry> entries)
    {
        using var ms = new MemoryStream();
        await ClusterImageWriter.WriteAsync(ms, entries, Open);
        return ms.ToArray();
    }

    public async Task<string> WriteFileAsync(string path, IReadOnlyList<ArchiveEntry> entries)
    {
        await File.WriteAllBytesAsync(path, await WriteAsync(entries));
        return path;
    }
}

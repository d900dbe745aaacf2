using System.Formats.Tar;
using System.IO.Compression;

namespace Gravity.Cluster.Tests.Operations.Backup;

/// <summary>Gzipped tars written entry by entry, as a hostile user would craft them (no name checks on the way).</summary>
public static class TestArchives
{
    public sealed record Entry(string Name, TarEntryType Type = TarEntryType.RegularFile, string Content = "data\n", string? LinkName = null);

    public static void Write(string path, params Entry[] entries) => WriteGzip(path, TarOf(entries));

    /// <summary>Bytes gzipped as they are, a tar or not.</summary>
    public static void WriteGzip(string path, byte[] content)
    {
        using var file = File.Create(path);
        using var gzip = new GZipStream(file, CompressionLevel.Fastest);
        gzip.Write(content);
    }

    /// <summary>The (uncompressed) tar of the entries, its end marker included.</summary>
    public static byte[] TarOf(params Entry[] entries)
    {
        var output = new MemoryStream();
        using (var tar = new TarWriter(output, TarEntryFormat.Pax, leaveOpen: true))
            WriteEntries(tar, entries);
        return output.ToArray();
    }

    private static void WriteEntries(TarWriter tar, Entry[] entries)
    {
        foreach (var e in entries)
        {
            var entry = new PaxTarEntry(e.Type, e.Name) { Mode = (UnixFileMode)0x1A4 };
            if (e.LinkName is not null) entry.LinkName = e.LinkName;
            if (e.Type == TarEntryType.RegularFile) entry.DataStream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(e.Content));
            tar.WriteEntry(entry);
        }
    }

    /// <summary>The names and contents of a gzipped tar's entries (folders end with '/', their content is empty).</summary>
    public static Dictionary<string, string> Read(string path)
    {
        using var file = File.OpenRead(path);
        using var gzip = new GZipStream(file, CompressionMode.Decompress);
        using var tar = new TarReader(gzip);
        var result = new Dictionary<string, string>();
        while (tar.GetNextEntry() is { } entry)
            result[entry.Name] = entry.DataStream is null ? "" : new StreamReader(entry.DataStream).ReadToEnd();
        return result;
    }
}

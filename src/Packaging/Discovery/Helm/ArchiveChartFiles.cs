using System.Formats.Tar;
using System.IO.Compression;
using System.Text;

namespace Gravity.Packaging.Discovery.Helm;

/// <summary>
/// A packaged chart (<c>helm package</c> output: a gzipped tar with one top folder), read into memory. Charts are
/// small; entries beyond the size limits, links and paths escaping the archive are ignored.
/// </summary>
internal sealed class ArchiveChartFiles : ChartFiles
{
    private const long MaxEntryBytes = 4 << 20;
    private const long MaxTotalBytes = 64 << 20;

    private readonly string _reportedRoot;
    private readonly Dictionary<string, byte[]> _files;

    private ArchiveChartFiles(string reportedRoot, Dictionary<string, byte[]> files)
    {
        _reportedRoot = reportedRoot;
        _files = files;
    }

    public static bool IsChartArchive(string name)
        => name.EndsWith(".tgz", StringComparison.Ordinal) || name.EndsWith(".tar.gz", StringComparison.Ordinal);

    /// <param name="reportedName">The archive as named in messages (<c>charts/web/charts/redis-1.0.0.tgz</c>).</param>
    public static ArchiveChartFiles? Read(Stream archive, string reportedName, ImageCollector collector)
    {
        var entries = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        try
        {
            using var gzip = new GZipStream(archive, CompressionMode.Decompress, leaveOpen: true);
            using var tar = new TarReader(gzip);
            long total = 0;
            while (tar.GetNextEntry() is { } entry)
            {
                if (entry.EntryType is not (TarEntryType.RegularFile or TarEntryType.V7RegularFile) || entry.DataStream is null) continue;
                var name = entry.Name.Replace('\\', '/');
                if (name.StartsWith("./", StringComparison.Ordinal)) name = name[2..];
                if (name.StartsWith('/') || name.Split('/').Any(s => s is ".." or "")) continue;
                if (entry.Length > MaxEntryBytes || (total += entry.Length) > MaxTotalBytes) continue;
                using var buffer = new MemoryStream();
                entry.DataStream.CopyTo(buffer);
                entries[name] = buffer.ToArray();
            }
        }
        catch (Exception e) when (e is InvalidDataException or IOException or FormatException or ArgumentException)
        {
            collector.AddError(new DiscoveryError(reportedName, 0, 0, $"not a readable chart archive: {e.Message}"));
            return null;
        }

        var chartFile = entries.Keys.Where(k => k.Count(c => c == '/') == 1 && k.EndsWith("/" + ResourceFiles.ChartFileName, StringComparison.Ordinal))
            .Order(StringComparer.Ordinal).FirstOrDefault();
        if (chartFile is null)
        {
            collector.AddError(new DiscoveryError(reportedName, 0, 0, "chart archive has no <name>/Chart.yaml"));
            return null;
        }
        var top = chartFile[..chartFile.IndexOf('/')];
        var files = entries.Where(e => e.Key.StartsWith(top + "/", StringComparison.Ordinal))
            .ToDictionary(e => e.Key[(top.Length + 1)..], e => e.Value, StringComparer.Ordinal);
        return new ArchiveChartFiles($"{reportedName}/{top}", files);
    }

    public override string ReportedPath(string relative) => $"{_reportedRoot}/{relative}";

    public override string? ReadText(string relative)
        => _files.TryGetValue(relative, out var bytes) ? new StreamReader(new MemoryStream(bytes), Encoding.UTF8).ReadToEnd() : null;

    public override IReadOnlyList<string> FilesUnder(string folder)
        => _files.Keys.Where(k => k.StartsWith(folder + "/", StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList();

    public override IReadOnlyList<ChartFiles> Subcharts(ImageCollector collector)
    {
        var result = new List<ChartFiles>();
        var prefix = SubchartsDir + "/";
        var unpacked = _files.Keys
            .Where(k => k.StartsWith(prefix, StringComparison.Ordinal) && k.Count(c => c == '/') == 2
                        && k.EndsWith("/" + ResourceFiles.ChartFileName, StringComparison.Ordinal))
            .Select(k => k[..k.LastIndexOf('/')]);
        var packed = _files.Keys.Where(k => k.StartsWith(prefix, StringComparison.Ordinal) && k.Count(c => c == '/') == 1 && IsChartArchive(k));
        foreach (var path in unpacked.Concat(packed).Order(StringComparer.Ordinal))
        {
            if (IsChartArchive(path))
            {
                using var stream = new MemoryStream(_files[path]);
                if (Read(stream, ReportedPath(path), collector) is { } archive) result.Add(archive);
            }
            else
            {
                var files = _files.Where(f => f.Key.StartsWith(path + "/", StringComparison.Ordinal))
                    .ToDictionary(f => f.Key[(path.Length + 1)..], f => f.Value, StringComparer.Ordinal);
                result.Add(new ArchiveChartFiles(ReportedPath(path), files));
            }
        }
        return result;
    }
}

namespace Gravity.Packaging.Discovery.Helm;

/// <summary>A chart unpacked in a folder of the build folder (links are not followed).</summary>
internal sealed class FolderChartFiles(string buildDir, string chartDir) : ChartFiles
{
    private static readonly EnumerationOptions NoLinks = new() { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.ReparsePoint };

    public string ChartDir { get; } = chartDir;

    public override string ReportedPath(string relative) => ChartDir.Length == 0 ? relative : $"{ChartDir}/{relative}";

    public override string? ReadText(string relative)
    {
        var path = Path.Combine(buildDir, ReportedPath(relative));
        return File.Exists(path) && new FileInfo(path).LinkTarget is null ? File.ReadAllText(path) : null;
    }

    public override IReadOnlyList<string> FilesUnder(string folder)
    {
        var dir = Path.Combine(buildDir, ReportedPath(folder));
        if (!Directory.Exists(dir)) return [];
        return new DirectoryInfo(dir).EnumerateFiles("*", NoLinks)
            .Select(f => folder + "/" + Path.GetRelativePath(dir, f.FullName).Replace('\\', '/'))
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    public override IReadOnlyList<ChartFiles> Subcharts(ImageCollector collector)
    {
        var dir = Path.Combine(buildDir, ReportedPath(SubchartsDir));
        if (!Directory.Exists(dir)) return [];
        var result = new List<ChartFiles>();
        foreach (var entry in new DirectoryInfo(dir).EnumerateFileSystemInfos().OrderBy(e => e.Name, StringComparer.Ordinal))
        {
            if (entry.LinkTarget is not null) continue;
            var relative = ReportedPath($"{SubchartsDir}/{entry.Name}");
            if (entry is DirectoryInfo && File.Exists(Path.Combine(entry.FullName, ResourceFiles.ChartFileName)))
                result.Add(new FolderChartFiles(buildDir, relative));
            else if (entry is FileInfo && ArchiveChartFiles.IsChartArchive(entry.Name))
            {
                using var stream = File.OpenRead(entry.FullName);
                if (ArchiveChartFiles.Read(stream, relative, collector) is { } archive) result.Add(archive);
            }
        }
        return result;
    }
}

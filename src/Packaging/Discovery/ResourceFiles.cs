namespace Gravity.Packaging.Discovery;

/// <summary>
/// Lists the files of a build folder. Symbolic links are never followed into folders, and a linked file counts only
/// when its target lies inside the build folder; hidden folders (.git...) are skipped.
/// </summary>
public static class ResourceFiles
{
    public const string ChartFileName = "Chart.yaml";

    /// <summary>
    /// The raw Kubernetes resource files: paths matching <paramref name="globs"/> (defaults when empty), minus
    /// <paramref name="ignore"/>, the manifest file and everything inside Helm chart folders (templates are not YAML).
    /// Relative, '/'-separated, sorted ordinally.
    /// </summary>
    public static IReadOnlyList<string> Enumerate(string buildDir, IReadOnlyList<string>? globs, IReadOnlyList<string>? ignore,
        string? manifestFile = "app.yaml")
    {
        var include = (globs is { Count: > 0 } ? globs : DiscoveryOptions.DefaultGlobs).Select(g => new GlobPattern(g)).ToList();
        var manifest = manifestFile is null ? null : ToRelative(buildDir, manifestFile);
        return Walk(buildDir, ignore, skipCharts: true)
            .Where(p => p != manifest && include.Any(g => g.IsMatch(p)))
            .ToList();
    }

    /// <summary>Every regular file of the build folder except ignored ones (what ships as the application's resources).</summary>
    public static IReadOnlyList<string> EnumerateAll(string buildDir, IReadOnlyList<string>? ignore)
        => Walk(buildDir, ignore, skipCharts: false).ToList();

    /// <summary>Folders (relative, sorted) that hold a Chart.yaml, nested charts included.</summary>
    public static IReadOnlyList<string> FindCharts(string buildDir, IReadOnlyList<string>? ignore = null)
        => Walk(buildDir, ignore, skipCharts: false)
            .Where(p => Path.GetFileName(p) == ChartFileName)
            .Select(p => p.Length == ChartFileName.Length ? "" : p[..(p.Length - ChartFileName.Length - 1)])
            .ToList();

    internal static string ToRelative(string buildDir, string path)
        => Path.GetRelativePath(Path.GetFullPath(buildDir), Path.GetFullPath(path, Path.GetFullPath(buildDir))).Replace('\\', '/');

    private static readonly EnumerationOptions Shallow = new() { IgnoreInaccessible = true, AttributesToSkip = 0 };

    private static IEnumerable<string> Walk(string buildDir, IReadOnlyList<string>? ignore, bool skipCharts)
    {
        var root = Path.GetFullPath(buildDir);
        if (skipCharts && File.Exists(Path.Combine(root, ChartFileName)))
            return [];   // the build folder is itself a chart: no raw resources
        var ignored = (ignore ?? []).Select(p => new GlobPattern(p.TrimEnd('/'))).ToList();
        var result = new List<string>();
        var pending = new Stack<string>();
        pending.Push("");
        while (pending.Count > 0)
        {
            var rel = pending.Pop();
            var dir = rel.Length == 0 ? root : Path.Combine(root, rel);
            if (skipCharts && rel.Length > 0 && File.Exists(Path.Combine(dir, ChartFileName))) continue;
            foreach (var entry in new DirectoryInfo(dir).EnumerateFileSystemInfos("*", Shallow))
            {
                var path = rel.Length == 0 ? entry.Name : rel + "/" + entry.Name;
                if (IsIgnored(path, ignored)) continue;
                if (entry is DirectoryInfo)
                {
                    if (entry.LinkTarget is null && !entry.Name.StartsWith('.')) pending.Push(path);
                }
                else if (entry.LinkTarget is null || IsInside(root, entry))
                {
                    result.Add(path);
                }
            }
        }
        result.Sort(StringComparer.Ordinal);
        return result;
    }

    private static bool IsIgnored(string path, List<GlobPattern> ignored)
        => ignored.Any(g => g.IsMatch(path) || (g.IsNamePattern && g.IsMatch(Path.GetFileName(path))));

    private static bool IsInside(string root, FileSystemInfo link)
    {
        var target = link.ResolveLinkTarget(returnFinalTarget: true);
        if (target is null || !target.Exists || target is DirectoryInfo) return false;
        var full = Path.GetFullPath(target.FullName);
        return full.StartsWith(root.TrimEnd('/') + "/", StringComparison.Ordinal);
    }
}

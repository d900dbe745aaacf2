using Gravity.Core;
using Gravity.Core.IO;
using Gravity.Packaging.Discovery;

namespace Gravity.Packaging.Build;

/// <summary>
/// The application's folder is a build context: what ships from it must be its own regular files. A symbolic link
/// that leads out of it (directly, or through a linked folder on the way) would put a host file (/etc/shadow, a key)
/// into the image, and a FIFO or device would hang the build or never end; both are refused, naming the file.
/// </summary>
internal static class BuildFolderConfinement
{
    /// <param name="resources">What would ship (relative paths).</param>
    /// <param name="ignore">--ignore patterns.</param>
    /// <param name="leftOut">Relative paths that do not ship anyway (the manifest, the output, the cache...).</param>
    public static void Check(string buildDir, IEnumerable<string> resources, IReadOnlyList<string> ignore, Func<string, bool> leftOut)
    {
        var root = HostFile.RealPath(buildDir) ?? throw new GravityException($"{buildDir}: the application's folder does not exist");
        var problems = new List<string>();
        foreach (var resource in resources)
        {
            var path = Path.Combine(buildDir, resource);
            var real = HostFile.RealPath(path);
            if (real is null) problems.Add($"{path}: does not exist (a broken link?)");
            else if (!IsInside(real, root)) problems.Add($"{path}: leads to {real}, outside the application's folder");
            else if (HostFile.TypeOf(real) is var type && type != UnixFileType.Regular) problems.Add($"{path}: is {HostFile.Describe(type)}, not a regular file");
        }
        problems.AddRange(LinksLeadingOut(buildDir, root, ignore, leftOut));
        if (problems.Count > 0)
            throw new GravityException("the application's folder has files that cannot go into the image " +
                "(copy what is needed into the folder, or leave the file out with --ignore):" + Environment.NewLine +
                string.Join(Environment.NewLine, problems.Distinct().Order(StringComparer.Ordinal).Select(p => "  " + p)));
    }

    /// <summary>Links anywhere in the folder (hidden and ignored ones aside) whose target is outside it: resource
    /// discovery leaves them out, but silently dropping what the user put there would be a surprise too.</summary>
    private static IEnumerable<string> LinksLeadingOut(string buildDir, string root, IReadOnlyList<string> ignore, Func<string, bool> leftOut)
    {
        var ignored = ignore.Select(p => new GlobPattern(p.TrimEnd('/'))).ToList();
        var pending = new Stack<string>();
        pending.Push("");
        var options = new EnumerationOptions { IgnoreInaccessible = true, AttributesToSkip = 0 };
        while (pending.Count > 0)
        {
            var rel = pending.Pop();
            foreach (var entry in new DirectoryInfo(rel.Length == 0 ? buildDir : Path.Combine(buildDir, rel)).EnumerateFileSystemInfos("*", options))
            {
                var path = rel.Length == 0 ? entry.Name : rel + "/" + entry.Name;
                if (entry.Name.StartsWith('.') || leftOut(path) || ignored.Any(g => g.IsMatch(path) || (g.IsNamePattern && g.IsMatch(entry.Name)))) continue;
                if (entry.LinkTarget is not null)
                {
                    if (HostFile.RealPath(entry.FullName) is { } real && !IsInside(real, root))
                        yield return $"{entry.FullName}: is a link to {real}, outside the application's folder";
                }
                else if (entry is DirectoryInfo) pending.Push(path);
            }
        }
    }

    private static bool IsInside(string path, string folder) =>
        path == folder || path.StartsWith(folder.EndsWith('/') ? folder : folder + "/", StringComparison.Ordinal);
}

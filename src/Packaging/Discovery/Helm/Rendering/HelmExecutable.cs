using Gravity.Core;
using Gravity.Core.Processes;

namespace Gravity.Packaging.Discovery.Helm.Rendering;

/// <summary>
/// A helm 3 or 4 binary that tele may run: given with --helm, or the first <c>helm</c> on PATH. When tele runs as
/// root it refuses a binary that another user could have replaced (owned by someone else, or writable by group or
/// others, or in a folder that is): root never runs what a less privileged user can change.
/// </summary>
public sealed record HelmExecutable(string Path, long Size, DateTime ModifiedUtc)
{
    /// <summary>A fingerprint of the binary, part of the render cache key: another helm renders again.</summary>
    public string Fingerprint => $"{Path}\0{Size}\0{ModifiedUtc.Ticks}";

    /// <summary>The explicit binary (which must be usable), else helm from PATH, else null (charts are read without helm).</summary>
    /// <exception cref="GravityException">The explicit binary does not exist, is not executable or is not safe to run.</exception>
    public static async Task<HelmExecutable?> LocateAsync(string? explicitPath, Func<string, string?> getEnvironmentVariable, CancellationToken ct)
    {
        if (!string.IsNullOrEmpty(explicitPath))
        {
            var full = System.IO.Path.GetFullPath(explicitPath);
            if (!File.Exists(full)) throw new GravityException($"--helm {explicitPath}: no such file");
            if (await UnusableAsync(full, ct).ConfigureAwait(false) is { } why) throw new GravityException($"--helm {explicitPath}: {why}");
            return From(full);
        }
        foreach (var dir in (getEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            if (!System.IO.Path.IsPathRooted(dir)) continue;   // a relative PATH entry depends on the current folder
            var candidate = System.IO.Path.Combine(dir, "helm");
            if (File.Exists(candidate) && await UnusableAsync(candidate, ct).ConfigureAwait(false) is null) return From(candidate);
        }
        return null;
    }

    /// <summary>The version helm reports (<c>v4.1.4</c>).</summary>
    /// <exception cref="GravityException">helm does not run, or is older than helm 3.</exception>
    public async Task<string> VersionAsync(CancellationToken ct)
    {
        var result = await ProcessRunner.RunAsync(Path, ["version", "--template", "{{.Version}}"], environment: HelmEnvironment.Isolated(null),
            timeout: TimeSpan.FromSeconds(30), ct: ct).ConfigureAwait(false);
        var version = result.StdOut.Trim();
        if (!result.Succeeded || !version.StartsWith('v'))
            throw new GravityException($"{Path}: 'helm version' failed (exit code {result.ExitCode}): {HelmOutput.Tail(result.Combined)}");
        if (version.StartsWith("v1.", StringComparison.Ordinal) || version.StartsWith("v2.", StringComparison.Ordinal))
            throw new GravityException($"{Path} is helm {version}; tele build needs helm 3 or 4");
        return version;
    }

    private static HelmExecutable From(string path)
    {
        var info = new FileInfo(path);
        var target = info.LinkTarget is null ? info : new FileInfo(info.ResolveLinkTarget(returnFinalTarget: true)!.FullName);
        return new HelmExecutable(path, target.Length, target.LastWriteTimeUtc);
    }

    private static async Task<string?> UnusableAsync(string path, CancellationToken ct)
    {
        var info = new FileInfo(path);
        var target = info.LinkTarget is null ? info : info.ResolveLinkTarget(returnFinalTarget: true) as FileInfo;
        if (target is null || !target.Exists) return "a link to nothing";
        const UnixFileMode anyExecute = UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;
        if ((target.UnixFileMode & anyExecute) == 0) return "not executable";
        if (!Environment.IsPrivilegedProcess) return null;
        var items = new FileSystemInfo[] { target, target.Directory!, info, info.Directory! }.DistinctBy(i => i.FullName).ToList();
        var owners = await OwnersAsync(items.Select(i => i.FullName).ToList(), ct).ConfigureAwait(false);
        for (var i = 0; i < items.Count; i++)
            if (ChangeableByOthers(items[i], owners[i])) return $"{items[i].FullName} can be changed by users other than root; it is not run as root";
        return null;
    }

    private static bool ChangeableByOthers(FileSystemInfo item, long owner)
    {
        const UnixFileMode othersWrite = UnixFileMode.GroupWrite | UnixFileMode.OtherWrite;
        var mode = item.UnixFileMode;
        if (owner != 0) return true;
        // In a sticky folder (/tmp) others may add entries but not replace root's.
        if (item is DirectoryInfo && (mode & UnixFileMode.StickyBit) != 0) return false;
        return (mode & othersWrite) != 0;
    }

    /// <summary>The owning uid of each path (.NET does not expose it); -1 when unknown.</summary>
    private static async Task<long[]> OwnersAsync(IReadOnlyList<string> paths, CancellationToken ct)
    {
        var result = await ProcessRunner.RunAsync("stat", ["-c", "%u", "--", .. paths], timeout: TimeSpan.FromSeconds(10), ct: ct).ConfigureAwait(false);
        var lines = result.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        return paths.Select((_, i) => result.Succeeded && i < lines.Length && long.TryParse(lines[i], out var uid) ? uid : -1).ToArray();
    }
}

using Gravity.Core;
using Gravity.Manifest;
using Gravity.Preflight.Host;

namespace Gravity.Preflight.Checks;

/// <summary>
/// A volume of the profile: present (created when allowed, skipped when skipIfMissing), on an accepted file system,
/// with the free capacity, the owner and mode asked for, and fast enough in a real write test.
/// </summary>
internal static class VolumeCheck
{
    public static async Task<CheckResult> RunAsync(string profile, Volume volume, MountTable mounts, PreflightOptions options, CancellationToken ct)
    {
        var name = $"volume:{volume.Path}";
        var isPattern = ShellGlob.IsPattern(volume.Path);
        var paths = ShellGlob.Expand(volume.Path).ToList();
        var created = false;
        var notes = new List<string>();

        if (paths.Count == 0)
        {
            if (volume.SkipIfMissing)
                return CheckResult.Skip(name, $"{volume.Path} is absent and the profile marks it skipIfMissing");
            if (isPattern)
                return CheckResult.Fail(name, $"no folder matches the pattern {volume.Path}; profile {profile} needs one (create or mount it)");
            if (!volume.CreateIfMissing)
                return CheckResult.Fail(name, $"{volume.Path} does not exist and profile {profile} does not allow creating it: mount or create it first");
            if (options.CreateMissingVolumes)
            {
                Create(volume);
                created = true;
                paths.Add(Path.GetFullPath(volume.Path));
                notes.Add("created");
            }
            else
            {
                // Checked on the folder it will be created in: the same file system will hold it.
                var ancestor = NearestExisting(volume.Path);
                notes.Add($"absent, will be created (checked on {ancestor})");
                var problemsAbove = Measure(profile, volume, ancestor, mounts, notes).ToList();
                return Result(name, problemsAbove, notes);
            }
        }

        var problems = new List<string>();
        foreach (var path in paths)
        {
            if (!Directory.Exists(path))
            {
                problems.Add($"{path} is not a folder");
                continue;
            }
            problems.AddRange(Measure(profile, volume, path, mounts, notes));
            if (!created) problems.AddRange(await OwnershipProblemsAsync(profile, volume, path, ct));
            if (volume.MinTransferRate is { } minRate)
            {
                var rate = WriteTest.Measure(path, options.TransferTestBytes);
                if (rate < minRate)
                    problems.Add($"{path}: writes at {Units.Rate(rate)}, profile {profile} needs at least {Units.Rate(minRate)}: use faster storage");
                else
                    notes.Add($"writes at {Units.Rate(rate)}");
            }
        }
        return Result(name, problems, notes);
    }

    private static CheckResult Result(string name, IReadOnlyList<string> problems, IReadOnlyList<string> notes)
        => problems.Count > 0 ? CheckResult.Fail(name, string.Join("; ", problems)) : CheckResult.Pass(name, notes.Count > 0 ? string.Join(", ", notes) : "ok");

    private static IEnumerable<string> Measure(string profile, Volume volume, string path, MountTable mounts, List<string> notes)
    {
        var mount = mounts.Find(path);
        if (mount is null)
        {
            yield return $"{path}: no mount holds it in the mount table";
            yield break;
        }
        if (volume.Filesystems.Count > 0 && !volume.Filesystems.Contains(mount.FileSystem, StringComparer.OrdinalIgnoreCase))
            yield return $"{path} is on {mount.FileSystem} ({mount.MountPoint}), profile {profile} needs one of: {string.Join(", ", volume.Filesystems)}";
        else
            notes.Add($"{mount.FileSystem} on {mount.MountPoint}");
        if (volume.Capacity is { } capacity)
        {
            var free = new DriveInfo(mount.MountPoint).AvailableFreeSpace;
            if (free < capacity)
                yield return $"{path}: {ByteSize.Format(free)} free on {mount.MountPoint}, profile {profile} needs at least {Units.Decimal(capacity)}";
            else
                notes.Add($"{ByteSize.Format(free)} free");
        }
    }

    private static async Task<IReadOnlyList<string>> OwnershipProblemsAsync(string profile, Volume volume, string path, CancellationToken ct)
    {
        if (volume.Uid is null && volume.Gid is null && volume.Mode is null) return [];
        var actual = await UnixFile.StatAsync(path, ct);
        var problems = new List<string>();
        if (volume.Uid is { } uid && actual.Uid != uid || volume.Gid is { } gid && actual.Gid != gid)
            problems.Add($"{path} is owned by {actual.Uid}:{actual.Gid}, profile {profile} needs {volume.Uid ?? actual.Uid}:{volume.Gid ?? actual.Gid} (chown {volume.Uid ?? actual.Uid}:{volume.Gid ?? actual.Gid} {path})");
        if (volume.Mode is { } mode && (actual.Mode & 0x1FF) != (mode & 0x1FF))
            problems.Add($"{path} has mode {UnixFile.Octal(actual.Mode)}, profile {profile} needs {UnixFile.Octal(mode)} (chmod {UnixFile.Octal(mode)} {path})");
        return problems;
    }

    private static void Create(Volume volume)
    {
        var path = Path.GetFullPath(volume.Path);
        Directory.CreateDirectory(path);
        if (volume.Mode is { } mode) File.SetUnixFileMode(path, (UnixFileMode)(mode & 0xFFF));
        if (volume.Uid is not null || volume.Gid is not null) UnixFile.Chown(path, volume.Uid ?? -1, volume.Gid ?? -1);
    }

    internal static string NearestExisting(string path)
    {
        var dir = Path.GetFullPath(path);
        while (!Directory.Exists(dir)) dir = Path.GetDirectoryName(dir) ?? "/";
        return dir;
    }
}

using System.Globalization;
using Gravity.Cluster.Nodes;
using Gravity.Core.Processes;

namespace Gravity.Cluster.Runtime;

/// <summary>
/// Who owns what under the state folder: the service user gets its services' data (recursively only when the top is
/// not theirs yet: a large registry is not walked at every start); root keeps everything it runs, reads or writes.
/// </summary>
public static class ServiceUserFiles
{
    private const UnixFileMode RootFolderMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
        | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;

    public static async Task GiveAsync(NodeSettings node, IEnumerable<string> paths, bool recursive = true)
    {
        var owner = string.Create(CultureInfo.InvariantCulture, $"{node.ServiceUid}:{node.ServiceGid}");
        foreach (var path in paths.Where(Path.Exists))
        {
            if (await OwnerAsync(path) == owner) continue;
            await ProcessRunner.RunCheckedAsync("chown", recursive ? ["-R", owner, "--", path] : [owner, "--", path], timeout: TimeSpan.FromMinutes(5));
        }
    }

    /// <summary>
    /// Creates the folders (0755) and, as root, makes them root's and writable by root alone: an older version gave
    /// some of them to the service user, who could then have swapped what root runs or planted links where root writes.
    /// </summary>
    public static async Task KeepRootsAsync(IEnumerable<string> folders)
    {
        foreach (var dir in folders)
        {
            Directory.CreateDirectory(dir, RootFolderMode);
            if (!Environment.IsPrivilegedProcess) continue;
            // chown -R does not follow links (-P): a link the service user left is changed, not its target.
            if (await OwnerAsync(dir) != "0:0")
                await ProcessRunner.RunCheckedAsync("chown", ["-R", "0:0", "--", dir], timeout: TimeSpan.FromMinutes(5));
            var mode = File.GetUnixFileMode(dir);
            if ((mode & (UnixFileMode.GroupWrite | UnixFileMode.OtherWrite)) != 0)
                File.SetUnixFileMode(dir, mode & ~(UnixFileMode.GroupWrite | UnixFileMode.OtherWrite));
        }
    }

    private static async Task<string> OwnerAsync(string path)
        => (await ProcessRunner.RunCheckedAsync("stat", ["-c", "%u:%g", "--", path], timeout: TimeSpan.FromSeconds(10))).StdOut.Trim();
}

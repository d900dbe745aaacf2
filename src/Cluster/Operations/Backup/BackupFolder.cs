using Gravity.Core;
using Gravity.Core.IO;

namespace Gravity.Cluster.Operations.Backup;

/// <summary>
/// The node's backup folder (<see cref="Nodes.StateFolder.Backup"/>) between hooks: made anew, empty and root's alone
/// (0700), before each backup and restore, and emptied after. Made anew rather than checked: whatever an earlier
/// hook left (data of an old backup, a link, a folder with another owner) is gone, and the folder root creates is
/// root's. Removal never follows a link, not even one swapped in while it runs: a link is removed, not what it points to.
/// </summary>
public static class BackupFolder
{
    public const UnixFileMode Mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    /// <summary>Removes whatever is at <paramref name="path"/> and creates it empty, 0700.</summary>
    public static void Recreate(string path)
    {
        Remove(path);
        Directory.CreateDirectory(path, Mode);
        // Only root can write the state folder: anything else here now means a second backup or restore at work.
        if (HostFile.TypeOf(path) != UnixFileType.Directory || Directory.EnumerateFileSystemEntries(path).Any())
            throw new GravityException($"{path} changed while it was made anew: is another gravity backup or restore running?");
        File.SetUnixFileMode(path, Mode);
    }

    /// <summary>
    /// Removes <paramref name="path"/> and everything in it (a link itself, never its target); nothing when it is
    /// missing. By handles (<see cref="LinkSafeRemoval"/>): a hook's container that still ran could otherwise swap a
    /// subfolder for a link to /etc between the look and the delete.
    /// </summary>
    public static void Remove(string path) => LinkSafeRemoval.Remove(path);
}

namespace Gravity.Registry;

/// <summary>
/// Permissions of everything the registry writes: files 0640, folders 0750. Pushed images may be private, so no other
/// user of the machine may read them (the group is left for backups run by an operator's group).
/// </summary>
public static class RegistryFileModes
{
    public const UnixFileMode File = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead;

    public const UnixFileMode Folder = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
        | UnixFileMode.GroupRead | UnixFileMode.GroupExecute;

    /// <summary>Creates a folder and its missing parents as 0750 (.NET gives the mode to the last one only); existing folders are left as they are.</summary>
    public static void CreateFolder(string path)
    {
        if (Directory.Exists(path)) return;
        if (Path.GetDirectoryName(Path.GetFullPath(path)) is { } parent) CreateFolder(parent);
        Directory.CreateDirectory(path, Folder);
    }

    /// <summary>Tightens a folder this process owns to 0750 (data folders written by earlier versions were 0755).</summary>
    public static void TightenFolder(string path)
    {
        try
        {
            var mode = System.IO.File.GetUnixFileMode(path);
            if ((mode & ~Folder) != 0) System.IO.File.SetUnixFileMode(path, mode & Folder);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException) { /* not ours: left to the operator */ }
    }
}

namespace Gravity.Hub.Storage;

/// <summary>Creates files readable and writable by their owner only (0600): key material and account data.</summary>
public static class OwnerOnlyFile
{
    public const UnixFileMode Mode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    public static FileStream Create(string path, FileMode mode = FileMode.CreateNew)
    {
        var options = new FileStreamOptions { Mode = mode, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = Mode;
        return new FileStream(path, options);
    }
}

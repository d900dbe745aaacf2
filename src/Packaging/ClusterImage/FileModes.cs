namespace Gravity.Packaging.ClusterImage;

/// <summary>Conversions between <see cref="UnixFileMode"/> and its octal text form.</summary>
public static class FileModes
{
    private const int PermissionMask = 0x1FF | 0xE00; // rwxrwxrwx plus setuid/setgid/sticky

    public static string ToOctal(UnixFileMode mode) => Convert.ToString((int)mode & PermissionMask, 8).PadLeft(4, '0');

    public static UnixFileMode ParseOctal(string text)
    {
        if (string.IsNullOrEmpty(text) || text.Length > 6 || text.Any(c => c is < '0' or > '7'))
            throw new FormatException($"invalid file mode '{text}': expected octal digits such as 0644");
        var value = Convert.ToInt32(text, 8);
        if ((value & ~PermissionMask) != 0) throw new FormatException($"invalid file mode '{text}'");
        return (UnixFileMode)value;
    }
}

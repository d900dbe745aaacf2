using System.Runtime.InteropServices;

namespace Gravity.Core.IO;

/// <summary>Hard links (link(2)); .NET has an API for symbolic links only.</summary>
public static partial class HardLink
{
    /// <summary>Creates <paramref name="newPath"/> as another name of <paramref name="existing"/>. False when the file system refuses (another device, no support).</summary>
    public static bool TryCreate(string existing, string newPath) => link(existing, newPath) == 0;

    [LibraryImport("libc", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int link(string oldpath, string newpath);
}

using Gravity.Oci;

namespace Gravity.Packaging.ClusterImage;

/// <summary>
/// A regular file of a cluster image, in archive order: its relative name, permission bits, size and content digest.
/// Directories are never listed; the writer derives them from the names.
/// </summary>
public sealed record ArchiveEntry(string Name, UnixFileMode Mode, long Size, Digest Digest)
{
    public const UnixFileMode RegularMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    public const UnixFileMode ExecutableMode = RegularMode | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;

    /// <summary>The mode as four octal digits ("0644"), the form used in head.json.</summary>
    public string OctalMode => FileModes.ToOctal(Mode);
}

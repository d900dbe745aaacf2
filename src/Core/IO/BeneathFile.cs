using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Gravity.Core.IO;

/// <summary>
/// Opens a regular file for reading by its path relative to a folder without following any symbolic link on the way:
/// root reading a folder others have written into (a hook's backup folder) cannot be led to /etc/shadow by a link, not
/// even by a folder swapped for a link after it was listed. One folder at a time, each opened from the one before with
/// O_NOFOLLOW | O_DIRECTORY ("." and ".." refused), the file last with O_NOFOLLOW: what openat2's RESOLVE_BENEATH |
/// RESOLVE_NO_SYMLINKS does, on every kernel (openat with O_NOFOLLOW on the whole path checks its last part only).
/// </summary>
public static unsafe partial class BeneathFile
{
    private const int OpenReadFlags = 0x800 /* O_NONBLOCK */ | 0x100 /* O_NOCTTY */ | 0x80000 /* O_CLOEXEC */ | 0x20000 /* O_NOFOLLOW */;
    private const int OpenFolderFlags = 0x10000 /* O_DIRECTORY */ | 0x80000 /* O_CLOEXEC */ | 0x20000 /* O_NOFOLLOW */;
    private const int Eloop = 40;
    private const int AtEmptyPath = 0x1000;
    private const int AtSymlinkNoFollow = 0x100;
    private const uint StatxType = 0x1;
    private const int StatxModeOffset = 28;

    /// <summary>The folder itself (not a link to one), to open files beneath it.</summary>
    public static SafeFileHandle OpenFolder(string path)
    {
        var fd = open(path, OpenFolderFlags);
        if (fd < 0) throw new IOException($"cannot open the folder {path}: {Marshal.GetLastPInvokeErrorMessage()}");
        return new SafeFileHandle(fd, ownsHandle: true);
    }

    /// <summary>
    /// The regular file at <paramref name="relativePath"/> beneath <paramref name="folder"/>, opened for reading;
    /// IOException when a link is on the way, it leads outside the folder, or it is not a regular file (a FIFO or a device).
    /// </summary>
    public static SafeFileHandle OpenRegular(SafeFileHandle folder, string relativePath)
    {
        var segments = relativePath.Split('/');
        if (segments.Any(s => s is "" or "." or ".."))
            throw new IOException($"cannot open {relativePath}: only a plain relative path (no empty, '.' or '..' part) is opened beneath a folder");
        var dirfd = (int)folder.DangerousGetHandle();
        var fd = -1;
        try
        {
            for (var i = 0; i < segments.Length; i++)
            {
                var last = i == segments.Length - 1;
                var next = openat(dirfd, segments[i], last ? OpenReadFlags : OpenFolderFlags);
                var errno = Marshal.GetLastPInvokeError();
                if (next < 0)
                    throw new IOException(errno == Eloop || IsLink(dirfd, segments[i])
                        ? $"{relativePath} is or passes through a symbolic link"
                        : $"cannot open {relativePath}: {Marshal.GetPInvokeErrorMessage(errno)}");
                if (fd >= 0) close(fd);
                fd = dirfd = next;
            }
        }
        catch
        {
            if (fd >= 0) close(fd);
            throw;
        }
        var handle = new SafeFileHandle(fd, ownsHandle: true);
        var buffer = stackalloc byte[256];
        if (statx(fd, "", AtEmptyPath, StatxType, buffer) != 0 || (*(ushort*)(buffer + StatxModeOffset) & 0xF000) != 0x8000)
        {
            handle.Dispose();
            throw new IOException($"{relativePath} is not a regular file");
        }
        return handle;
    }

    private static bool IsLink(int dirfd, string name)
    {
        var buffer = stackalloc byte[256];
        return statx(dirfd, name, AtSymlinkNoFollow, StatxType, buffer) == 0 && (*(ushort*)(buffer + StatxModeOffset) & 0xF000) == 0xA000;
    }

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int openat(int dirfd, string path, int flags);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int open(string path, int flags);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int close(int fd);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int statx(int dirfd, string path, int flags, uint mask, byte* buffer);
}

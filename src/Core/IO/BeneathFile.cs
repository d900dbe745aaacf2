using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Gravity.Core.IO;

/// <summary>
/// Opens a regular file for reading by its path relative to a folder without following any symbolic link on the way
/// (openat2 with RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS): root reading a folder others have written into (a hook's
/// backup folder) cannot be led to /etc/shadow by a link, not even by a folder swapped for a link after it was
/// listed. Kernels before openat2 (5.6) get O_NOFOLLOW on the last component only.
/// </summary>
public static unsafe partial class BeneathFile
{
    private const int OpenReadFlags = 0x800 /* O_NONBLOCK */ | 0x100 /* O_NOCTTY */ | 0x80000 /* O_CLOEXEC */ | 0x20000 /* O_NOFOLLOW */;
    private const int OpenFolderFlags = 0x10000 /* O_DIRECTORY */ | 0x80000 /* O_CLOEXEC */ | 0x20000 /* O_NOFOLLOW */;
    private const ulong ResolveNoSymlinks = 0x04;
    private const ulong ResolveBeneath = 0x08;
    private const long SysOpenat2 = 437; // the same number on every architecture
    private const int Enosys = 38;
    private const int Eloop = 40;
    private const int Exdev = 18;
    private const int AtEmptyPath = 0x1000;
    private const uint StatxType = 0x1;
    private const int StatxModeOffset = 28;

    [StructLayout(LayoutKind.Sequential)]
    private struct OpenHow
    {
        public ulong Flags;
        public ulong Mode;
        public ulong Resolve;
    }

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
        var dirfd = (int)folder.DangerousGetHandle();
        var how = new OpenHow { Flags = (ulong)OpenReadFlags, Resolve = ResolveBeneath | ResolveNoSymlinks };
        var fd = (int)syscall(SysOpenat2, dirfd, relativePath, &how, (nuint)sizeof(OpenHow));
        if (fd < 0 && Marshal.GetLastPInvokeError() == Enosys) fd = openat(dirfd, relativePath, OpenReadFlags);
        if (fd < 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            throw new IOException(errno is Eloop or Exdev
                ? $"{relativePath} is or passes through a symbolic link"
                : $"cannot open {relativePath}: {Marshal.GetPInvokeErrorMessage(errno)}");
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

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial long syscall(long number, int dirfd, string path, OpenHow* how, nuint size);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int openat(int dirfd, string path, int flags);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int open(string path, int flags);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int statx(int dirfd, string path, int flags, uint mask, byte* buffer);
}

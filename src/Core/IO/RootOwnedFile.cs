using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Gravity.Core.IO;

/// <summary>
/// Reads a file that root takes as configuration (one holding a secret, say): it must be a regular file (not a link),
/// owned by root and writable by nobody else, or a less privileged user could put words into root's mouth. The checks
/// are made on the opened file, so that swapping the path between the check and the read changes nothing.
/// </summary>
public static unsafe partial class RootOwnedFile
{
    private const int AtEmptyPath = 0x1000;
    private const uint StatxTypeModeUid = 0x1 | 0x2 | 0x8;
    private const int StatxUidOffset = 20;
    private const int StatxModeOffset = 28; // struct statx is laid out the same on every architecture
    private const int OpenReadNoFollow = 0x800 /* O_NONBLOCK */ | 0x100 /* O_NOCTTY */ | 0x80000 /* O_CLOEXEC */ | 0x20000 /* O_NOFOLLOW */;
    private const int Eloop = 40;

    /// <summary>The content, at most <paramref name="maxBytes"/>; throws <see cref="GravityException"/> naming the path and the problem.</summary>
    public static byte[] Read(string path, long maxBytes)
    {
        var fd = open(path, OpenReadNoFollow);
        if (fd < 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            throw new GravityException(errno == Eloop
                ? $"{path} is a symbolic link: give the file itself"
                : $"cannot open {path}: {Marshal.GetPInvokeErrorMessage(errno)}");
        }
        using var handle = new SafeFileHandle(fd, ownsHandle: true);
        var buffer = stackalloc byte[256];
        if (statx(fd, "", AtEmptyPath, StatxTypeModeUid, buffer) != 0)
            throw new GravityException($"cannot stat {path}: {Marshal.GetLastPInvokeErrorMessage()}");
        var mode = *(ushort*)(buffer + StatxModeOffset);
        var uid = *(uint*)(buffer + StatxUidOffset);
        if ((mode & 0xF000) != 0x8000) throw new GravityException($"{path} is not a regular file");
        if (uid != 0) throw new GravityException($"{path} is owned by uid {uid}, not by root: refused (chown root {path})");
        if ((mode & 0x12) != 0) // S_IWGRP | S_IWOTH
            throw new GravityException($"{path} is writable by its group or by others (mode 0{Convert.ToString(mode & 0xFFF, 8)}): refused (chmod 600 {path})");

        using var content = new MemoryStream();
        var chunk = new byte[16384];
        long offset = 0;
        while (true)
        {
            var want = (int)Math.Min(chunk.Length, maxBytes + 1 - offset);
            if (want <= 0) throw new GravityException($"{path} is larger than {maxBytes} bytes");
            var read = RandomAccess.Read(handle, chunk.AsSpan(0, want), offset);
            if (read == 0) return content.ToArray();
            content.Write(chunk, 0, read);
            offset += read;
        }
    }

    [LibraryImport("libc", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int statx(int dirfd, string path, int flags, uint mask, byte* buffer);

    [LibraryImport("libc", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int open(string path, int flags);
}

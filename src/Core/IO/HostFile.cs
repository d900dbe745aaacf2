using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Gravity.Core.IO;

/// <summary>
/// What .NET does not say about a file: its real path (realpath(3), every link resolved) and its kind (FIFO, device,
/// socket). And a read that cannot hang or run away: a FIFO opened for reading blocks until a writer comes, and
/// /dev/zero never ends, so the kind is checked before opening, the file is opened non-blocking and checked again, and
/// at most a given number of bytes are read.
/// </summary>
public static unsafe partial class HostFile
{
    private const int AtFdCwd = -100;
    private const int AtSymlinkNoFollow = 0x100;
    private const int AtEmptyPath = 0x1000;
    private const uint StatxType = 0x1;
    private const int StatxModeOffset = 28; // struct statx is laid out the same on every architecture
    private const int OpenReadNonBlocking = 0x800 /* O_NONBLOCK */ | 0x100 /* O_NOCTTY */ | 0x80000 /* O_CLOEXEC */;

    /// <summary>The absolute path with every symbolic link resolved; null when it (or a folder on the way) does not exist.</summary>
    public static string? RealPath(string path)
    {
        var resolved = realpath(path, 0);
        if (resolved == 0) return null;
        try { return Marshal.PtrToStringUTF8(resolved); }
        finally { NativeMemory.Free((void*)resolved); }
    }

    /// <summary>The kind of <paramref name="path"/> itself (a link is <see cref="UnixFileType.SymbolicLink"/>).</summary>
    public static UnixFileType TypeOf(string path)
    {
        var buffer = stackalloc byte[256];
        return statx(AtFdCwd, path, AtSymlinkNoFollow, StatxType, buffer) == 0 ? FromMode(*(ushort*)(buffer + StatxModeOffset)) : UnixFileType.Missing;
    }

    /// <summary>
    /// The content of the regular file <paramref name="path"/> when it has at most <paramref name="maxBytes"/> bytes;
    /// null when it has more (at most maxBytes + 1 are read). Throws IOException when it is not a regular file.
    /// </summary>
    public static byte[]? ReadAtMost(string path, long maxBytes)
    {
        using var handle = OpenRegular(path);
        using var content = new MemoryStream();
        var chunk = new byte[81920];
        long offset = 0;
        while (true)
        {
            var want = (int)Math.Min(chunk.Length, maxBytes + 1 - offset);
            if (want <= 0) return null;
            var read = RandomAccess.Read(handle, chunk.AsSpan(0, want), offset);
            if (read == 0) return content.ToArray();
            content.Write(chunk, 0, read);
            offset += read;
        }
    }

    /// <summary>
    /// The regular file <paramref name="path"/> opened for reading, or FileNotFoundException / IOException: opened
    /// non-blocking and its kind checked on the handle, so a FIFO swapped in after the kind was looked at by path
    /// neither hangs the open (no writer comes) nor is read.
    /// </summary>
    public static SafeFileHandle OpenRegular(string path)
    {
        var type = TypeOf(path);
        if (type == UnixFileType.Missing) throw new FileNotFoundException($"{path} does not exist", path);
        if (type != UnixFileType.Regular) throw new IOException($"{path} is not a regular file (it is {Describe(type)})");
        var fd = open(path, OpenReadNonBlocking);
        if (fd < 0) throw new IOException($"cannot open {path}: {Marshal.GetLastPInvokeErrorMessage()}");
        var handle = new SafeFileHandle(fd, ownsHandle: true);
        var buffer = stackalloc byte[256];
        if (statx(fd, "", AtEmptyPath, StatxType, buffer) != 0 || FromMode(*(ushort*)(buffer + StatxModeOffset)) is var opened && opened != UnixFileType.Regular)
        {
            handle.Dispose();
            throw new IOException($"{path} changed while it was opened: it is no longer a regular file");
        }
        return handle;
    }

    /// <summary>"a FIFO", "a character device"...: for messages.</summary>
    public static string Describe(UnixFileType type) => type switch
    {
        UnixFileType.Regular => "a regular file",
        UnixFileType.Directory => "a folder",
        UnixFileType.SymbolicLink => "a symbolic link",
        UnixFileType.Fifo => "a FIFO",
        UnixFileType.CharacterDevice => "a character device",
        UnixFileType.BlockDevice => "a block device",
        UnixFileType.Socket => "a socket",
        _ => "missing",
    };

    private static UnixFileType FromMode(ushort mode) => (mode & 0xF000) switch
    {
        0x8000 => UnixFileType.Regular,
        0x4000 => UnixFileType.Directory,
        0xA000 => UnixFileType.SymbolicLink,
        0x1000 => UnixFileType.Fifo,
        0x2000 => UnixFileType.CharacterDevice,
        0x6000 => UnixFileType.BlockDevice,
        0xC000 => UnixFileType.Socket,
        _ => UnixFileType.Missing,
    };

    [LibraryImport("libc", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial nint realpath(string path, nint resolved);

    [LibraryImport("libc", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int statx(int dirfd, string path, int flags, uint mask, byte* buffer);

    [LibraryImport("libc", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int open(string path, int flags);
}

using System.Runtime.InteropServices;

namespace Gravity.Core.IO;

/// <summary>
/// Removes a folder tree that others can change while root removes it (a hook's backup folder), by handles, never by
/// path: each folder is opened from its parent's descriptor with O_NOFOLLOW | O_DIRECTORY and its entries unlinked
/// relative to its own descriptor (unlinkat). A folder swapped for a link to /etc after it was looked at is then
/// unlinked as a link, and what root empties is always the folder it opened, never the link's target; a path walk
/// (check the type, list, delete by name) would follow the link and empty /etc.
/// </summary>
public static partial class LinkSafeRemoval
{
    /// <summary>Deeper than this the tree is refused: each level holds a descriptor and a frame.</summary>
    public const int MaxDepth = 1024;

    private const int ORdOnly = 0;
    private const int ODirectory = 0x10000;
    private const int ONoFollow = 0x20000;
    private const int OCloExec = 0x80000;
    private const int AtRemoveDir = 0x200;
    private const int FDupFdCloExec = 1030;
    private const int Eperm = 1;
    private const int Enoent = 2;
    private const int Eexist = 17;
    private const int Enotdir = 20;
    private const int Eisdir = 21;
    private const int Eloop = 40;
    private const int Enotempty = 39;
    private const int DirentNameOffset = 19; // d_ino, d_off (8 bytes each), d_reclen (2), d_type (1): every 64-bit Linux
    private const int Batch = 1024;
    private const int Attempts = 16;

    /// <summary>Removes <paramref name="path"/> and everything in it (a link itself, never its target); nothing when it is missing.</summary>
    /// <remarks>The folder holding <paramref name="path"/> is trusted (root's): only what is beneath it may change meanwhile.</remarks>
    public static void Remove(string path)
    {
        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(path));
        var parent = Path.GetDirectoryName(full) ?? throw new IOException($"cannot remove {full}: it is the root folder");
        var parentFd = open(parent, ORdOnly | ODirectory | OCloExec);
        if (parentFd < 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            if (errno == Enoent) return;
            throw new IOException($"cannot open {parent} to remove {full}: {Marshal.GetPInvokeErrorMessage(errno)}");
        }
        try { RemoveEntry(parentFd, Path.GetFileName(full), full, depth: 0); }
        finally { close(parentFd); }
    }

    private static void RemoveEntry(int dirFd, string name, string shown, int depth)
    {
        for (var attempt = 0; attempt < Attempts; attempt++)
        {
            if (unlinkat(dirFd, name, 0) == 0) return;
            var errno = Marshal.GetLastPInvokeError();
            if (errno == Enoent) return;
            if (errno is not (Eisdir or Eperm)) throw Failure("remove", shown, errno);

            // A folder (when unlinked): opened without following, so a link swapped in since fails here and is unlinked on the next round.
            var fd = openat(dirFd, name, ORdOnly | ODirectory | ONoFollow | OCloExec);
            if (fd < 0)
            {
                errno = Marshal.GetLastPInvokeError();
                if (errno == Enoent) return;
                if (errno is Enotdir or Eloop) continue;
                throw Failure("open", shown, errno);
            }
            try
            {
                if (depth >= MaxDepth) throw new IOException($"cannot remove {shown}: it holds folders more than {MaxDepth} deep");
                Empty(fd, shown, depth + 1);
            }
            finally
            {
                close(fd);
            }
            if (unlinkat(dirFd, name, AtRemoveDir) == 0) return;
            errno = Marshal.GetLastPInvokeError();
            if (errno == Enoent) return;
            if (errno is not (Enotempty or Eexist or Enotdir)) throw Failure("remove", shown, errno);
            // Filled again or swapped since it was emptied: once more.
        }
        throw new IOException($"cannot remove {shown}: it keeps changing while it is removed (is something still writing into it?)");
    }

    private static void Empty(int fd, string shown, int depth)
    {
        var copy = fcntl(fd, FDupFdCloExec, 0);
        if (copy < 0) throw Failure("read", shown, Marshal.GetLastPInvokeError());
        var dir = fdopendir(copy);
        if (dir == 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            close(copy);
            throw Failure("read", shown, errno);
        }
        try
        {
            // In batches, read again from the start after each: what was removed is no longer listed, and a folder of a
            // million entries is never held whole.
            for (var round = 0; ; round++)
            {
                rewinddir(dir);
                var names = new List<string>();
                while (names.Count < Batch && readdir(dir) is var entry && entry != 0)
                {
                    var name = Marshal.PtrToStringUTF8(entry + DirentNameOffset)!;
                    if (name is not ("." or "..")) names.Add(name);
                }
                if (names.Count == 0) return;
                if (round > 100_000) throw new IOException($"cannot empty {shown}: entries keep appearing in it");
                foreach (var name in names) RemoveEntry(fd, name, $"{shown}/{name}", depth);
            }
        }
        finally
        {
            closedir(dir);
        }
    }

    private static IOException Failure(string what, string shown, int errno) =>
        new($"cannot {what} {shown}: {Marshal.GetPInvokeErrorMessage(errno)}");

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int open(string path, int flags);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int openat(int dirfd, string path, int flags);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int unlinkat(int dirfd, string path, int flags);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int fcntl(int fd, int command, int argument);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int close(int fd);

    [LibraryImport("libc", SetLastError = true)]
    private static partial nint fdopendir(int fd);

    [LibraryImport("libc", SetLastError = true)]
    private static partial nint readdir(nint dir);

    [LibraryImport("libc")]
    private static partial void rewinddir(nint dir);

    [LibraryImport("libc")]
    private static partial int closedir(nint dir);
}

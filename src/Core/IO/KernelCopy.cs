using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Gravity.Core.IO;

/// <summary>
/// Copies a range of one file into another inside the kernel (copy_file_range(2)): the bytes never pass through
/// user space, which halves the memory traffic of copying a large file that needs no inspection on the way.
/// </summary>
public static partial class KernelCopy
{
    private const int Chunk = 64 << 20;
    private const int ENOSYS = 38, EXDEV = 18, EINVAL = 22, EOPNOTSUPP = 95;

    /// <summary>
    /// Copies <paramref name="length"/> bytes. False, having copied nothing, when the kernel or the file systems cannot
    /// (old kernel, special files, some network file systems): the caller copies the ordinary way.
    /// </summary>
    public static bool TryCopy(SafeFileHandle source, long sourceOffset, SafeFileHandle target, long targetOffset, long length, CancellationToken ct = default)
    {
        var remaining = length;
        while (remaining > 0)
        {
            ct.ThrowIfCancellationRequested();
            var n = copy_file_range(source, ref sourceOffset, target, ref targetOffset, (nuint)Math.Min(remaining, Chunk), 0);
            if (n < 0)
            {
                var errno = Marshal.GetLastPInvokeError();
                if (remaining == length && errno is ENOSYS or EXDEV or EINVAL or EOPNOTSUPP) return false;
                throw new IOException($"copy_file_range failed: {Marshal.GetPInvokeErrorMessage(errno)}");
            }
            if (n == 0) throw new EndOfStreamException($"the source ended {remaining} bytes before the {length} to copy");
            remaining -= n;
        }
        return true;
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial nint copy_file_range(SafeFileHandle fdIn, ref long offIn, SafeFileHandle fdOut, ref long offOut, nuint len, uint flags);
}

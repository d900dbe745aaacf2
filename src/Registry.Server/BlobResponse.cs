using Gravity.Oci;
using Microsoft.AspNetCore.Http;
using Microsoft.Win32.SafeHandles;

namespace Gravity.Registry.Server;

/// <summary>
/// Sends a blob file, whole or one byte range (RFC 9110 single range: "bytes=a-b", "bytes=a-", "bytes=-n"), in large
/// blocks straight from the file (ASP.NET's file result copies in 16 KiB asynchronous reads, several times slower).
/// Memory is the response pipe's blocks, whatever the blob size.
/// </summary>
internal static class BlobResponse
{
    private const int BlockSize = 1 << 20;

    /// <exception cref="FileNotFoundException">the blob disappeared (deleted) after it was looked up.</exception>
    public static async Task SendAsync(HttpContext ctx, string path, Digest digest)
    {
        using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, FileOptions.SequentialScan);
        var length = RandomAccess.GetLength(handle);
        var response = ctx.Response;
        response.ContentType = "application/octet-stream";
        response.Headers.AcceptRanges = "bytes";
        response.Headers.ETag = $"\"{digest}\"";

        long start = 0, count = length;
        if (ctx.Request.Headers.Range.ToString() is { Length: > 0 } range && HttpMethods.IsGet(ctx.Request.Method))
        {
            if (!TryParseRange(range, length, out start, out count))
            {
                response.StatusCode = StatusCodes.Status416RangeNotSatisfiable;
                response.Headers.ContentRange = $"bytes */{length}";
                response.ContentLength = 0;
                return;
            }
            if (count != length)
            {
                response.StatusCode = StatusCodes.Status206PartialContent;
                response.Headers.ContentRange = $"bytes {start}-{start + count - 1}/{length}";
            }
        }
        response.ContentLength = count;
        if (HttpMethods.IsHead(ctx.Request.Method) || count == 0) return;
        await CopyAsync(handle, start, count, response, ctx.RequestAborted);
    }

    private static async Task CopyAsync(SafeFileHandle handle, long offset, long count, HttpResponse response, CancellationToken ct)
    {
        // The file is read straight into the response pipe's memory: no intermediate buffer, one copy fewer per byte.
        var writer = response.BodyWriter;
        var end = offset + count;
        while (offset < end)
        {
            var memory = writer.GetMemory((int)Math.Min(BlockSize, end - offset));
            var want = (int)Math.Min(memory.Length, end - offset);
            // A synchronous read: blobs are mostly in the page cache, and an asynchronous file read on Linux is a thread-pool hop per block.
            var n = RandomAccess.Read(handle, memory.Span[..want], offset);
            if (n == 0) throw new IOException("blob file ended early");
            writer.Advance(n);
            offset += n;
            var flushed = await writer.FlushAsync(ct);
            if (flushed.IsCanceled || flushed.IsCompleted) return;
        }
    }

    /// <summary>One satisfiable range of a blob of <paramref name="length"/> bytes; several ranges are not supported (false).</summary>
    internal static bool TryParseRange(string header, long length, out long start, out long count)
    {
        start = 0;
        count = length;
        if (!header.StartsWith("bytes=", StringComparison.OrdinalIgnoreCase)) return false;
        var spec = header[6..].Trim();
        if (spec.Contains(',')) return false;
        var dash = spec.IndexOf('-');
        if (dash < 0) return false;
        var first = spec[..dash].Trim();
        var last = spec[(dash + 1)..].Trim();
        if (first.Length == 0)
        {
            if (!long.TryParse(last, out var suffix) || suffix <= 0 || length == 0) return false;
            count = Math.Min(suffix, length);
            start = length - count;
            return true;
        }
        if (!long.TryParse(first, out start) || start < 0 || start >= length) return false;
        long endInclusive = length - 1;
        if (last.Length > 0 && (!long.TryParse(last, out endInclusive) || endInclusive < start)) return false;
        count = Math.Min(endInclusive, length - 1) - start + 1;
        return true;
    }
}

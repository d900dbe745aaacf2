using System.Buffers;

namespace Gravity.Core.IO;

/// <summary>
/// Stream copy that overlaps the read of the next chunk with the write (and inspection, e.g. hashing) of the current
/// one, with two pooled 1 MiB buffers. On 2 cores this roughly doubles the throughput of a plain read-hash-write loop,
/// which is what blob transfers and archive writes spend their time in. Memory stays at two buffers whatever the size.
/// </summary>
public static class PipelinedCopy
{
    public const int ChunkSize = 1 << 20;

    /// <summary>
    /// Copies until the end of <paramref name="source"/> or until <paramref name="limit"/> bytes; calls
    /// <paramref name="inspect"/> on each chunk while it is being written. Returns the bytes copied.
    /// </summary>
    public static async Task<long> CopyAsync(Stream source, Stream destination, Action<ReadOnlyMemory<byte>>? inspect = null,
        long limit = long.MaxValue, IProgress<long>? progress = null, CancellationToken ct = default)
    {
        var current = ArrayPool<byte>.Shared.Rent(ChunkSize);
        var next = ArrayPool<byte>.Shared.Rent(ChunkSize);
        ValueTask<int> pendingRead = default;
        var readInFlight = false;
        try
        {
            long total = 0;
            pendingRead = ReadChunk(source, current, limit - total, ct);
            readInFlight = true;
            while (true)
            {
                var n = await pendingRead.ConfigureAwait(false);
                readInFlight = false;
                if (n == 0) return total;
                total += n;
                if (total < limit)
                {
                    pendingRead = ReadChunk(source, next, limit - total, ct);
                    readInFlight = true;
                }
                else
                {
                    pendingRead = new ValueTask<int>(0);
                }
                var chunk = current.AsMemory(0, n);
                var write = destination.WriteAsync(chunk, ct);
                inspect?.Invoke(chunk);
                await write.ConfigureAwait(false);
                progress?.Report(total);
                (current, next) = (next, current);
            }
        }
        finally
        {
            if (readInFlight)
            {
                // A read into a pooled buffer must finish before the buffer goes back to the pool.
                try { await pendingRead.ConfigureAwait(false); } catch (Exception) { /* the copy already failed */ }
            }
            ArrayPool<byte>.Shared.Return(current);
            ArrayPool<byte>.Shared.Return(next);
        }
    }

    private static ValueTask<int> ReadChunk(Stream source, byte[] buffer, long remaining, CancellationToken ct)
        => remaining <= 0 ? new ValueTask<int>(0) : source.ReadAsync(buffer.AsMemory(0, (int)Math.Min(ChunkSize, remaining)), ct);
}

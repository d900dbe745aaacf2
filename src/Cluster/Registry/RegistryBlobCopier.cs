using Gravity.Oci.Content;
using Gravity.Oci.Model;

namespace Gravity.Cluster.Registry;

/// <summary>
/// Copies blobs into the content store of a registry's data folder, several at once: each is streamed from its source
/// and verified (digest and size) on the way into an ingest file that is renamed into place only when it matches, so a
/// failed or killed copy leaves nothing behind but an ingest file. A blob already in the store is not opened at all.
/// </summary>
public static class RegistryBlobCopier
{
    public static async Task<BlobCopyResult> CopyMissingAsync(ContentStore destination, IReadOnlyCollection<Descriptor> blobs,
        Func<Descriptor, CancellationToken, Task<Stream>> open, int parallelism, Func<Descriptor, Exception, Exception> damaged,
        CancellationToken ct = default)
    {
        int copied = 0, skipped = 0;
        long bytes = 0;
        await Parallel.ForEachAsync(blobs, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, parallelism), CancellationToken = ct },
            async (blob, token) =>
            {
                if (destination.TryGetSize(blob.Digest) == blob.Size)
                {
                    Interlocked.Increment(ref skipped);
                    return;
                }
                try
                {
                    await using var stream = await open(blob, token).ConfigureAwait(false);
                    var written = await destination.PutAsync(stream, blob.Digest, blob.Size, ct: token).ConfigureAwait(false);
                    Interlocked.Increment(ref copied);
                    Interlocked.Add(ref bytes, written);
                }
                catch (Exception ex) when (ex is BlobNotFoundException or DigestMismatchException or InvalidDataException)
                {
                    throw damaged(blob, ex);
                }
            }).ConfigureAwait(false);
        return new BlobCopyResult(copied, skipped, bytes);
    }
}

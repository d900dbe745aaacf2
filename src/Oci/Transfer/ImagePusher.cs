using Gravity.Core;
using Gravity.Oci.Content;
using Gravity.Oci.Model;
using Gravity.Oci.Registry;

namespace Gravity.Oci.Transfer;

/// <summary>
/// Pushes an image (manifest or index and everything below it) from a <see cref="ContentStore"/> to a registry: blobs the
/// registry lacks are uploaded in parallel (read back verified from the store), then manifests children first, the root
/// under the target's tag (or digest) last.
/// </summary>
public sealed class ImagePusher(RegistryClient client, ContentStore store)
{
    public int Parallelism { get; init; } = 4;

    /// <summary>Repositories of the same registry that may hold the blobs already: they are mounted instead of uploaded.</summary>
    public IReadOnlyList<string> MountFrom { get; init; } = [];

    public async Task<Digest> PushAsync(Descriptor root, ImageReference target, IProgress<TransferProgress>? progress = null, CancellationToken ct = default)
    {
        try
        {
            var graph = ImageGraph.Walk(store, root);
            var blobs = graph.Where(d => !MediaTypes.IsManifestOrIndex(d.MediaType)).ToList();
            await Parallel.ForEachAsync(blobs, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, Parallelism), CancellationToken = ct },
                async (blob, token) => await PushBlobAsync(target, blob, progress, token).ConfigureAwait(false)).ConfigureAwait(false);

            // Walk lists parents before children; a registry accepts a manifest only once what it references exists.
            var documents = graph.Where(d => MediaTypes.IsManifestOrIndex(d.MediaType)).Reverse().ToList();
            foreach (var d in documents)
            {
                var content = await store.ReadAllBytesAsync(d.Digest, ct).ConfigureAwait(false);
                var reference = d.Digest == root.Digest ? target.Tag ?? d.Digest.ToString() : d.Digest.ToString();
                await client.PutManifestAsync(target.Registry, target.Repository, reference, content, d.MediaType, ct).ConfigureAwait(false);
                progress?.Report(new TransferProgress(target, d, d.Size, d.Size, TransferState.Done));
            }
            return root.Digest;
        }
        catch (BlobNotFoundException ex)
        {
            throw new GravityException($"cannot push {target}: {ex.Message} in the local store {store.Root}", ex);
        }
        catch (GravityException ex)
        {
            throw new GravityException($"cannot push {target}: {ex.Message}", ex);
        }
    }

    private async Task PushBlobAsync(ImageReference target, Descriptor blob, IProgress<TransferProgress>? progress, CancellationToken ct)
    {
        if (await client.BlobExistsAsync(target.Registry, target.Repository, blob.Digest, ct).ConfigureAwait(false))
        {
            progress?.Report(new TransferProgress(target, blob, blob.Size, blob.Size, TransferState.Skipped));
            return;
        }
        foreach (var from in MountFrom)
        {
            if (from == target.Repository || !await client.MountBlobAsync(target.Registry, target.Repository, blob.Digest, from, ct).ConfigureAwait(false)) continue;
            progress?.Report(new TransferProgress(target, blob, blob.Size, blob.Size, TransferState.Skipped));
            return;
        }
        var size = store.TryGetSize(blob.Digest) ?? throw new BlobNotFoundException(blob.Digest);
        var bytes = progress is null ? null : new Progress<long>(n => progress.Report(new TransferProgress(target, blob, n, size, TransferState.Transferring)));
        await client.UploadBlobAsync(target.Registry, target.Repository, blob.Digest, size, () => store.OpenVerifiedRead(blob.Digest), bytes, ct).ConfigureAwait(false);
        progress?.Report(new TransferProgress(target, blob, size, size, TransferState.Done));
    }
}

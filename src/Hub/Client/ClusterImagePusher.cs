using Gravity.Core;
using Gravity.Hub.Catalog;
using Gravity.Oci;
using Gravity.Oci.Model;
using Gravity.Packaging.ClusterImage;

namespace Gravity.Hub.Client;

public sealed record TransferProgress(long BytesDone, long BytesTotal);

public sealed record PushResult(CatalogEntry Entry, int BlobsUploaded, int BlobsSkipped, long BytesUploaded, Digest ManifestDigest);

/// <summary>
/// <c>tele push</c>: publishes a cluster image as an OCI artifact. Only blobs the Hub lacks are sent (HEAD first), in
/// chunks, and an interrupted push resumes each blob from the offset the Hub reports.
/// </summary>
public sealed class ClusterImagePusher(HubClient client, UploadStateStore uploads)
{
    public int ChunkSize { get; init; } = HubClient.DefaultChunkSize;

    public async Task<PushResult> PushAsync(string path, string publisher, bool force, IProgress<TransferProgress>? progress = null, CancellationToken ct = default)
    {
        var reader = await ClusterImageReader.OpenAsync(path, ct);
        var head = reader.Head;
        if (string.IsNullOrEmpty(head.Name) || string.IsNullOrEmpty(head.Version))
            throw new GravityException($"{path}: {ClusterImageLayout.HeadPath} has no name or version");
        var repository = ClusterImageArtifact.RepositoryFor(head.Name);
        var tag = ClusterImageArtifact.TagFor(head.Version);
        if (!force && await client.ManifestExistsAsync(repository, tag, ct))
            throw new GravityException($"application {head.Name}:{head.Version} is already published: use tele push --force to replace it");

        // Every entry is reread before anything is published: blobs the Hub already has are never uploaded, so without
        // this a damaged file would publish a version whose file no pull can rebuild (and -f would replace a good one).
        var verified = await ClusterImageVerifier.VerifyAsync(path, ct: ct, images: false, hashArchive: true);
        if (!verified.Succeeded)
            throw new GravityException($"{path} is damaged, nothing was pushed: {string.Join("; ", verified.Problems.Take(5))}{(verified.Problems.Count > 5 ? $"; and {verified.Problems.Count - 5} more" : "")}");
        var (archiveDigest, archiveSize) = verified.Archive!.Value;
        if (ClusterImageWriter.ComputeLength(reader.Entries) != archiveSize)
            throw new GravityException($"{path}: not in the canonical layout tele build writes, so a pull could not reproduce it; rebuild it with tele build");

        var blobs = reader.Entries.GroupBy(e => e.Digest).Select(g => g.First()).ToArray();
        var total = blobs.Sum(b => b.Size);
        long done = 0;
        int uploaded = 0, skipped = 0;
        long bytesUploaded = 0;
        foreach (var entry in blobs)
        {
            ct.ThrowIfCancellationRequested();
            if (await client.BlobExistsAsync(repository, entry.Digest, ct))
            {
                skipped++;
                done += entry.Size;
                progress?.Report(new TransferProgress(done, total));
                continue;
            }
            var before = done;
            var blobProgress = progress is null ? null : new SyncProgress<long>(offset => progress.Report(new TransferProgress(before + offset, total)));
            bytesUploaded += await client.UploadBlobAsync(repository, entry.Digest, entry.Size,
                (offset, token) => OpenAtAsync(reader, entry.Name, offset, token), uploads, blobProgress, ChunkSize, ct);
            uploaded++;
            done += entry.Size;
            progress?.Report(new TransferProgress(done, total));
        }

        var created = head.Created == default ? DateTimeOffset.UtcNow : head.Created;
        var meta = new ClusterImageConfig
        {
            Name = head.Name, Version = head.Version, Size = archiveSize, ArchiveDigest = archiveDigest,
            Publisher = publisher, Created = created,
        };
        var configBytes = OciJson.Serialize(meta);
        var config = new Descriptor { MediaType = MediaTypes.ClusterImageConfig, Digest = Digest.Compute(configBytes), Size = configBytes.Length };
        if (!await client.BlobExistsAsync(repository, config.Digest, ct))
            await client.UploadBlobAsync(repository, config.Digest, config.Size, (_, _) => Task.FromResult<Stream>(new MemoryStream(configBytes)), uploads, ct: ct);
        var manifestBytes = OciJson.Serialize(ArtifactCodec.BuildManifest(config, meta, reader.Entries));
        var manifestDigest = await client.PutManifestAsync(repository, tag, manifestBytes, MediaTypes.OciManifest, ct);
        var catalogEntry = await client.RegisterAppAsync(head.Name, head.Version, ct);
        return new PushResult(catalogEntry, uploaded, skipped, bytesUploaded, manifestDigest);
    }

    private static async Task<Stream> OpenAtAsync(ClusterImageReader reader, string name, long offset, CancellationToken ct)
    {
        var stream = await reader.OpenEntryAsync(name, ct);
        // Entries are verified while read, so skip by reading rather than seeking.
        var buffer = new byte[1 << 17];
        var remaining = offset;
        while (remaining > 0)
        {
            var n = await stream.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, remaining)), ct);
            if (n == 0) throw new InvalidDataException($"{reader.Path}: entry '{name}' is shorter than the offset {offset} to resume from");
            remaining -= n;
        }
        return stream;
    }
}

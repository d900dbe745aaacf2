using Gravity.Core;
using Gravity.Oci;
using Gravity.Oci.Model;
using Gravity.Registry;

namespace Gravity.Cluster.Registry;

/// <summary>A manifest or index as it is to be stored: its exact bytes (already verified) and its media type.</summary>
public sealed record ManifestBytes(byte[] Content, string MediaType);

/// <summary>
/// Stores one image in a repository of a registry's data folder whose blobs are already in the content store: links
/// the blobs into the repository, then stores the manifests children first (the storage accepts a manifest only once
/// what it references is there) with their exact bytes, the root under its tag. What is already there is skipped, so a
/// re-run after a crash completes the image.
/// </summary>
public static class RegistryImageWriter
{
    /// <param name="graph">Every descriptor reachable from the root, parents before children (<see cref="ImageGraph.Walk(Descriptor, Func{Descriptor, byte[]})"/>).</param>
    /// <returns>The number of manifests stored (0 when the image was complete already).</returns>
    public static async Task<int> WriteAsync(RegistryStorage storage, string repository, string? tag, Digest root, IReadOnlyList<Descriptor> graph,
        Func<Descriptor, CancellationToken, Task<ManifestBytes>> readManifest, CancellationToken ct = default)
    {
        foreach (var blob in graph.Where(d => !MediaTypes.IsManifestOrIndex(d.MediaType)))
            if (!storage.HasBlob(repository, blob.Digest)) await storage.LinkBlobAsync(repository, blob.Digest);

        var stored = 0;
        foreach (var d in graph.Where(d => MediaTypes.IsManifestOrIndex(d.MediaType)).Reverse())
        {
            var reference = d.Digest == root ? tag ?? d.Digest.ToString() : d.Digest.ToString();
            if (storage.Resolve(repository, reference) == d.Digest) continue;
            var manifest = await readManifest(d, ct);
            try
            {
                await storage.PutManifestAsync(repository, reference, manifest.Content, manifest.MediaType, ct);
                stored++;
            }
            catch (RegistryErrorException ex)
            {
                throw new GravityException($"cannot store {repository}{(tag is null ? "" : ":" + tag)} in {storage.Root}: manifest {d.Digest}: {ex.Message}", ex);
            }
        }
        return stored;
    }
}

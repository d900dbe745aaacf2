namespace Gravity.Cluster.Registry;

/// <summary>What one <see cref="ClusterRegistrySync"/> run found at the source and did to this node's registry.</summary>
/// <param name="TagsUpToDate">Tags that already pointed to the source's digest here (nothing read beyond a HEAD).</param>
/// <param name="ManifestsStored">Manifests and indexes written (each tagged root and every child not yet here).</param>
/// <param name="BlobsSkipped">Blobs the images need that were already in this node's store (not fetched).</param>
public sealed record RegistrySyncSummary(int Repositories, int Tags, int TagsUpToDate, int ManifestsStored,
    int BlobsCopied, int BlobsSkipped, long BytesCopied, TimeSpan Elapsed);

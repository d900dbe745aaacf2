namespace Gravity.Cluster.Registry;

/// <summary>What <see cref="RegistryBlobCopier"/> did: blobs fetched and stored, blobs already there, bytes stored.</summary>
public sealed record BlobCopyResult(int Copied, int Skipped, long BytesCopied);

using Gravity.Oci;

namespace Gravity.Hub.Catalog;

/// <summary>The registry operations the catalog needs; the Hub server adapts its registry storage to this.</summary>
public interface IArtifactSource
{
    Task<IReadOnlyList<string>> ListRepositoriesAsync(CancellationToken ct);
    Task<IReadOnlyList<string>> ListTagsAsync(string repository, CancellationToken ct);
    /// <summary>The manifest bytes and digest of a tag or digest reference; null when unknown.</summary>
    Task<(byte[] Content, Digest Digest)?> GetManifestAsync(string repository, string reference, CancellationToken ct);
    /// <summary>A small blob (a config) verified against its digest; null when absent.</summary>
    Task<byte[]?> ReadSmallBlobAsync(Digest digest, long maxSize, CancellationToken ct);
    /// <summary>Removes a manifest and the tags pointing at it; false when it was not there.</summary>
    Task<bool> DeleteManifestAsync(string repository, Digest digest, CancellationToken ct);
}

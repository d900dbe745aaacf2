using Gravity.Hub.Catalog;
using Gravity.Oci;
using Gravity.Registry;

namespace Gravity.Hub.Server.Catalog;

/// <summary>The catalog's view of the Hub's own registry storage.</summary>
internal sealed class RegistryArtifactSource(RegistryStorage storage) : IArtifactSource
{
    public Task<IReadOnlyList<string>> ListRepositoriesAsync(CancellationToken ct)
        => Task.FromResult(SafeList(storage.ListRepositories));

    public Task<IReadOnlyList<string>> ListTagsAsync(string repository, CancellationToken ct) => Task.FromResult(SafeList(() => storage.ListTags(repository)));

    public async Task<(byte[] Content, Digest Digest)?> GetManifestAsync(string repository, string reference, CancellationToken ct)
    {
        if (!RepositoryName.IsValid(repository)) return null;
        var stored = await storage.GetManifestAsync(repository, reference, ct);
        return stored is null ? null : (stored.Content, stored.Digest);
    }

    public async Task<byte[]?> ReadSmallBlobAsync(Digest digest, long maxSize, CancellationToken ct)
    {
        if (storage.Content.TryGetSize(digest) is not { } size || size > maxSize) return null;
        await using var s = storage.Content.OpenVerifiedRead(digest);
        using var buffer = new MemoryStream((int)size);
        await s.CopyToAsync(buffer, ct);
        return buffer.ToArray();
    }

    public Task<bool> DeleteManifestAsync(string repository, Digest digest, CancellationToken ct) => storage.DeleteManifestAsync(repository, digest, ct);

    // A repository folder may vanish while it is listed (another Hub process deleting): treat as empty.
    private static IReadOnlyList<string> SafeList(Func<IReadOnlyList<string>> list)
    {
        try { return list(); }
        catch (DirectoryNotFoundException) { return []; }
    }
}

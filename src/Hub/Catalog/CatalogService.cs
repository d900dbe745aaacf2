using Gravity.Hub.Storage;
using Gravity.Oci;
using Gravity.Oci.Model;

namespace Gravity.Hub.Catalog;

/// <summary>
/// The catalog: cluster image artifacts found in the registry under <c>apps/</c>, with the publisher and time the Hub
/// recorded when they were registered (falling back to what the artifact's config says, for copies made with other
/// OCI tools). The registry is the source of truth, so every Hub process sharing its storage shows the same list.
/// </summary>
public sealed class CatalogService(IArtifactSource registry, IMetadataStore store)
{
    private const long MaxConfigSize = 1 << 20;

    public async Task<IReadOnlyList<CatalogEntry>> ListAsync(string? name = null, CancellationToken ct = default)
    {
        var records = (await store.ListAppsAsync(ct)).ToDictionary(r => (r.Name, r.Version));
        var result = new List<CatalogEntry>();
        foreach (var repository in await registry.ListRepositoriesAsync(ct))
        {
            if (!repository.StartsWith(ClusterImageArtifact.RepositoryPrefix, StringComparison.Ordinal)) continue;
            if (name is not null && repository != ClusterImageArtifact.RepositoryFor(name)) continue;
            foreach (var tag in await registry.ListTagsAsync(repository, ct))
            {
                var entry = await ReadEntryAsync(repository, tag, ct);
                if (entry is null) continue;
                if (records.TryGetValue((entry.Name, entry.Version), out var rec) && rec.ManifestDigest == entry.Digest)
                    entry = entry with { Publisher = rec.Publisher, Created = rec.Created };
                result.Add(entry);
            }
        }
        return result.OrderBy(e => e.Name, StringComparer.Ordinal).ThenBy(e => e.Created).ToArray();
    }

    public async Task<CatalogEntry?> FindAsync(string name, string version, CancellationToken ct = default)
        => await ReadEntryAsync(ClusterImageArtifact.RepositoryFor(name), ClusterImageArtifact.TagFor(version), ct);

    /// <summary>Records who pushed an artifact already in the registry. Null when there is no cluster image at that name and version.</summary>
    public async Task<CatalogEntry?> RegisterAsync(string name, string version, string publisher, DateTimeOffset now, CancellationToken ct = default)
    {
        var entry = await FindAsync(name, version, ct);
        if (entry is null) return null;
        await store.UpsertAppAsync(new AppRecord(entry.Name, entry.Version, publisher, now, entry.Digest, entry.Size), ct);
        return entry with { Publisher = publisher, Created = now };
    }

    /// <summary>Removes a version from the registry and the catalog; false when it was not there.</summary>
    public async Task<bool> DeleteAsync(string name, string version, CancellationToken ct = default)
    {
        var entry = await FindAsync(name, version, ct);
        await store.DeleteAppAsync(entry?.Name ?? name, entry?.Version ?? version, ct);
        if (entry is null) return false;
        return await registry.DeleteManifestAsync(entry.Repository, Digest.Parse(entry.Digest), ct);
    }

    private async Task<CatalogEntry?> ReadEntryAsync(string repository, string tag, CancellationToken ct)
    {
        var manifest = await registry.GetManifestAsync(repository, tag, ct);
        if (manifest is null) return null;
        ImageManifest parsed;
        try { parsed = OciJson.Deserialize<ImageManifest>(manifest.Value.Content); }
        catch (System.Text.Json.JsonException) { return null; }
        if (!ArtifactCodec.IsClusterImage(parsed)) return null;
        var configBytes = await registry.ReadSmallBlobAsync(parsed.Config.Digest, MaxConfigSize, ct);
        if (configBytes is null) return null;
        ClusterImageConfig config;
        try { config = OciJson.Deserialize<ClusterImageConfig>(configBytes); }
        catch (System.Text.Json.JsonException) { return null; }
        return new CatalogEntry(config.Name, config.Version, config.Size, config.Publisher, config.Created,
            repository, tag, manifest.Value.Digest.ToString());
    }
}

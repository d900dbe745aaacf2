using Gravity.Oci.Registry;

namespace Gravity.Cluster.Operations;

/// <summary>`gravity registry list`: every repository and tag of a registry, with the digest each tag points to.</summary>
public static class RegistryLister
{
    public static async Task<IReadOnlyList<RegistryImage>> ListAsync(RegistryClient client, string registry, CancellationToken ct = default)
    {
        var images = new List<RegistryImage>();
        foreach (var repository in (await client.CatalogAsync(registry, ct)).Order(StringComparer.Ordinal))
        foreach (var tag in (await client.ListTagsAsync(registry, repository, ct)).Order(StringComparer.Ordinal))
        {
            var descriptor = await client.ResolveAsync(registry, repository, tag, ct);
            images.Add(new RegistryImage(repository, tag, descriptor?.Digest.ToString(), descriptor?.MediaType));
        }
        return images;
    }
}

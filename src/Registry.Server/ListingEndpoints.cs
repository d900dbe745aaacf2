using System.Text.Json;
using Gravity.Oci;
using Gravity.Oci.Model;
using Gravity.Registry;
using Microsoft.AspNetCore.Http;

namespace Gravity.Registry.Server;

/// <summary>Content discovery: tags list and catalog (paginated with n/last and a Link header), and the referrers API.</summary>
internal static class ListingEndpoints
{
    public static Task TagsAsync(HttpContext ctx, RegistryStorage storage, string name)
    {
        if (!storage.RepositoryExists(name))
            throw new RegistryErrorException(RegistryErrorCodes.NameUnknown, $"repository {name} is unknown", new { name });
        var page = Paginate(ctx, storage.ListTags(name), $"/v2/{name}/tags/list");
        return WriteJsonAsync(ctx, "application/json", new { name, tags = page });
    }

    public static Task CatalogAsync(HttpContext ctx, RegistryStorage storage)
    {
        var page = Paginate(ctx, storage.ListRepositories(), "/v2/_catalog");
        return WriteJsonAsync(ctx, "application/json", new { repositories = page });
    }

    public static Task ReferrersAsync(HttpContext ctx, RegistryStorage storage, string name, string reference)
    {
        var subject = BlobEndpoints.ParseDigest(reference);
        string? artifactType = ctx.Request.Query["artifactType"].ToString() is { Length: > 0 } t ? t : null;
        var referrers = storage.ListReferrers(name, subject, artifactType);
        if (artifactType is not null) ctx.Response.Headers["OCI-Filters-Applied"] = "artifactType";
        var index = new ImageIndex { MediaType = MediaTypes.OciIndex, Manifests = referrers };
        return WriteJsonAsync(ctx, MediaTypes.OciIndex, index);
    }

    /// <summary>Applies n (page size) and last (exclusive start) to a sorted list; sets Link when more remain.</summary>
    private static IReadOnlyList<string> Paginate(HttpContext ctx, IReadOnlyList<string> sorted, string basePath)
    {
        var query = ctx.Request.Query;
        var last = query["last"].ToString();
        IEnumerable<string> rest = sorted;
        if (last.Length > 0) rest = sorted.Where(s => string.CompareOrdinal(s, last) > 0);
        var nText = query["n"].ToString();
        if (nText.Length == 0) return rest.ToList();
        if (!int.TryParse(nText, out var n) || n < 0)
            throw new RegistryHttpException(StatusCodes.Status400BadRequest, RegistryErrorCodes.Unsupported, $"invalid page size n={nText}");
        var remaining = rest.ToList();
        var page = remaining.Take(n).ToList();
        if (remaining.Count > page.Count && page.Count > 0)
            ctx.Response.Headers.Link = $"<{basePath}?n={n}&last={Uri.EscapeDataString(page[^1])}>; rel=\"next\"";
        return page;
    }

    private static Task WriteJsonAsync<T>(HttpContext ctx, string contentType, T value)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(value, OciJson.Options);
        ctx.Response.ContentType = contentType;
        ctx.Response.ContentLength = body.Length;
        return HttpMethods.IsHead(ctx.Request.Method) ? Task.CompletedTask : ctx.Response.Body.WriteAsync(body, ctx.RequestAborted).AsTask();
    }
}

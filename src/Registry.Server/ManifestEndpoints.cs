using Gravity.Oci;
using Gravity.Registry;
using Microsoft.AspNetCore.Http;

namespace Gravity.Registry.Server;

/// <summary>GET/HEAD/PUT/DELETE of manifests by tag or digest. Manifests are small (size-limited) and handled in memory.</summary>
internal static class ManifestEndpoints
{
    public static async Task GetAsync(HttpContext ctx, RegistryStorage storage, string name, string reference)
    {
        var manifest = await storage.GetManifestAsync(name, reference, ctx.RequestAborted)
            ?? throw new RegistryErrorException(RegistryErrorCodes.ManifestUnknown, $"manifest {reference} is unknown to repository {name}",
                new { name, reference });
        var r = ctx.Response;
        r.ContentType = manifest.MediaType;
        r.ContentLength = manifest.Content.Length;
        r.Headers["Docker-Content-Digest"] = manifest.Digest.ToString();
        r.Headers.ETag = $"\"{manifest.Digest}\"";
        if (!HttpMethods.IsHead(ctx.Request.Method)) await r.Body.WriteAsync(manifest.Content, ctx.RequestAborted);
    }

    public static async Task PutAsync(HttpContext ctx, RegistryStorage storage, RegistryServerOptions options, string name, string reference,
        IManifestAdmission? admission = null)
    {
        var limit = options.MaxManifestSize;
        if (ctx.Request.ContentLength > limit) throw TooLarge(limit);
        byte[] content;
        using (var ms = new MemoryStream())
        {
            var buffer = new byte[64 * 1024];
            int n;
            while ((n = await ctx.Request.Body.ReadAsync(buffer, ctx.RequestAborted)) > 0)
            {
                if (ms.Length + n > limit) throw TooLarge(limit);
                ms.Write(buffer, 0, n);
            }
            content = ms.ToArray();
        }
        var (digest, parsed) = await storage.PutManifestAsync(name, reference, content, ctx.Request.ContentType, ctx.RequestAborted, admission);
        var r = ctx.Response;
        r.StatusCode = StatusCodes.Status201Created;
        r.Headers.Location = $"/v2/{name}/manifests/{digest}";
        r.Headers["Docker-Content-Digest"] = digest.ToString();
        if (parsed.Subject is { } subject) r.Headers["OCI-Subject"] = subject.Digest.ToString();
        r.ContentLength = 0;
    }

    public static async Task DeleteAsync(HttpContext ctx, RegistryStorage storage, string name, string reference)
    {
        var deleted = Digest.TryParse(reference, out var digest)
            ? await storage.DeleteManifestAsync(name, digest, ctx.RequestAborted)
            : RepositoryName.IsValidTag(reference) && storage.DeleteTag(name, reference);
        if (!deleted)
            throw new RegistryErrorException(RegistryErrorCodes.ManifestUnknown, $"manifest {reference} is unknown to repository {name}", new { name, reference });
        ctx.Response.StatusCode = StatusCodes.Status202Accepted;
        ctx.Response.ContentLength = 0;
    }

    /// <summary>413: the manifest exceeds what the registry accepts (the specification suggests 4 MiB).</summary>
    private static RegistryHttpException TooLarge(long limit)
        => new(StatusCodes.Status413PayloadTooLarge, RegistryErrorCodes.SizeInvalid, $"manifest larger than {limit} bytes", new { limit });
}

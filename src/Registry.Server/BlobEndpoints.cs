using Gravity.Oci;
using Gravity.Registry;
using Microsoft.AspNetCore.Http;

namespace Gravity.Registry.Server;

/// <summary>GET/HEAD (with single Range) and DELETE of blobs. Content is streamed from the content store file.</summary>
internal static class BlobEndpoints
{
    public static async Task GetAsync(HttpContext ctx, RegistryStorage storage, string name, string reference)
    {
        var digest = ParseDigest(reference);
        if (storage.TryGetBlobSize(name, digest) is null)
            throw new RegistryErrorException(RegistryErrorCodes.BlobUnknown, $"blob {digest} is unknown to repository {name}", new { digest = digest.ToString() });
        var path = storage.Content.PathOf(digest);
        ctx.Response.Headers["Docker-Content-Digest"] = digest.ToString();
        ctx.Response.Headers.CacheControl = "max-age=31536000";
        try
        {
            await BlobResponse.SendAsync(ctx, path, digest);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException && !ctx.Response.HasStarted)
        {
            throw new RegistryErrorException(RegistryErrorCodes.BlobUnknown, $"blob {digest} was deleted", new { digest = digest.ToString() });
        }
    }

    public static Task DeleteAsync(HttpContext ctx, RegistryStorage storage, string name, string reference)
    {
        var digest = ParseDigest(reference);
        if (!storage.UnlinkBlob(name, digest))
            throw new RegistryErrorException(RegistryErrorCodes.BlobUnknown, $"blob {digest} is unknown to repository {name}", new { digest = digest.ToString() });
        ctx.Response.StatusCode = StatusCodes.Status202Accepted;
        ctx.Response.ContentLength = 0;
        return Task.CompletedTask;
    }

    internal static Digest ParseDigest(string? value)
        => Digest.TryParse(value, out var d) ? d : throw new RegistryErrorException(RegistryErrorCodes.DigestInvalid, $"invalid digest '{value}'");
}

using Gravity.Oci;
using Gravity.Registry;
using Microsoft.AspNetCore.Http;

namespace Gravity.Registry.Server;

/// <summary>
/// Blob uploads: POST (session, monolithic with ?digest=, or cross-repository mount), PATCH chunks, GET status,
/// PUT to complete and DELETE to cancel. Bodies stream to the session's data file; nothing is buffered in memory.
/// </summary>
internal static class UploadEndpoints
{
    /// <param name="user">Who is pushing (null when the registry does not know): the session is theirs alone.</param>
    public static async Task StartAsync(HttpContext ctx, RegistryStorage storage, RegistryHandler handler, string name, string? user)
    {
        var query = ctx.Request.Query;
        if (query["mount"].ToString() is { Length: > 0 } mount && await TryMountAsync(ctx, storage, handler, name, mount, query["from"].ToString()))
            return;

        var session = await storage.Uploads.StartAsync(name, user);
        if (query["digest"].ToString() is { Length: > 0 } digestText)
        {
            Digest digest;
            try { digest = BlobEndpoints.ParseDigest(digestText); }
            catch { storage.Uploads.Cancel(session); throw; }
            try { await CompleteAsync(ctx, storage, session, digest, expectedStart: 0); }
            catch { storage.Uploads.Cancel(session); throw; } // a monolithic upload cannot be resumed: leave nothing behind
            return;
        }
        WriteSessionHeaders(ctx, session, 0);
        ctx.Response.StatusCode = StatusCodes.Status202Accepted;
        ctx.Response.ContentLength = 0;
    }

    public static async Task SessionAsync(HttpContext ctx, RegistryStorage storage, string name, string id, string? user)
    {
        var session = storage.Uploads.Find(id);
        // Another user's session is reported unknown, not forbidden: its id must not be confirmed to exist.
        if (session is null || session.Repository != name || session.Owner != user)
            throw new RegistryErrorException(RegistryErrorCodes.BlobUploadUnknown, $"upload {id} is unknown to repository {name}");
        var method = ctx.Request.Method;
        if (HttpMethods.IsGet(method) || HttpMethods.IsHead(method))
        {
            WriteSessionHeaders(ctx, session, await storage.Uploads.GetOffsetAsync(session, ctx.RequestAborted));
            ctx.Response.StatusCode = StatusCodes.Status204NoContent;
        }
        else if (HttpMethods.IsPatch(method))
        {
            var start = ParseContentRange(ctx);
            var offset = await storage.Uploads.AppendAsync(session, ctx.Request.Body, start, ctx.RequestAborted);
            WriteSessionHeaders(ctx, session, offset);
            ctx.Response.StatusCode = StatusCodes.Status202Accepted;
            ctx.Response.ContentLength = 0;
        }
        else if (HttpMethods.IsPut(method))
        {
            var digestText = ctx.Request.Query["digest"].ToString();
            if (digestText.Length == 0) throw new RegistryErrorException(RegistryErrorCodes.DigestInvalid, "the digest query parameter is required to complete an upload");
            await CompleteAsync(ctx, storage, session, BlobEndpoints.ParseDigest(digestText), ParseContentRange(ctx));
        }
        else
        {
            storage.Uploads.Cancel(session);
            ctx.Response.StatusCode = StatusCodes.Status204NoContent;
        }
    }

    internal static void SetRange(HttpResponse response, long offset)
        // Distribution's convention: "0-0" for an empty upload, else the inclusive last byte.
        => response.Headers.Range = $"0-{Math.Max(0, offset - 1)}";

    private static async Task CompleteAsync(HttpContext ctx, RegistryStorage storage, UploadSession session, Digest digest, long? expectedStart)
    {
        await storage.Uploads.CompleteAsync(session, ctx.Request.Body, expectedStart, digest, ctx.RequestAborted);
        await storage.LinkBlobAsync(session.Repository, digest);
        var r = ctx.Response;
        r.StatusCode = StatusCodes.Status201Created;
        r.Headers.Location = $"/v2/{session.Repository}/blobs/{digest}";
        r.Headers["Docker-Content-Digest"] = digest.ToString();
        r.ContentLength = 0;
    }

    /// <summary>Links a blob of another repository the caller may pull; false means "start a normal upload instead".</summary>
    private static async Task<bool> TryMountAsync(HttpContext ctx, RegistryStorage storage, RegistryHandler handler, string name, string mount, string from)
    {
        if (!Digest.TryParse(mount, out var digest) || !RepositoryName.IsValid(from)) return false;
        if (!storage.HasBlob(from, digest)) return false;
        if (!await handler.AuthorizeAsync(ctx, from, RegistryAction.Pull, writeRefusal: false)) return false;
        await storage.LinkBlobAsync(name, digest);
        var r = ctx.Response;
        r.StatusCode = StatusCodes.Status201Created;
        r.Headers.Location = $"/v2/{name}/blobs/{digest}";
        r.Headers["Docker-Content-Digest"] = digest.ToString();
        r.ContentLength = 0;
        return true;
    }

    private static void WriteSessionHeaders(HttpContext ctx, UploadSession session, long offset)
    {
        ctx.Response.Headers.Location = $"/v2/{session.Repository}/blobs/uploads/{session.Id}";
        ctx.Response.Headers["Docker-Upload-UUID"] = session.Id;
        SetRange(ctx.Response, offset);
    }

    /// <summary>
    /// The start offset of a chunk from Content-Range ("start-end", also "bytes start-end[/total]"), checked against
    /// Content-Length; null when the client streams without one.
    /// </summary>
    private static long? ParseContentRange(HttpContext ctx)
    {
        var header = ctx.Request.Headers.ContentRange.ToString();
        if (header.Length == 0) return null;
        var value = header.StartsWith("bytes", StringComparison.OrdinalIgnoreCase) ? header[5..].TrimStart(' ', '=') : header;
        var slash = value.IndexOf('/');
        if (slash >= 0) value = value[..slash];
        var dash = value.IndexOf('-');
        if (dash <= 0 || !long.TryParse(value[..dash], out var start) || !long.TryParse(value[(dash + 1)..], out var end) || start < 0 || end < start)
            throw new RegistryHttpException(StatusCodes.Status416RangeNotSatisfiable, RegistryErrorCodes.BlobUploadInvalid, $"invalid Content-Range '{header}'");
        if (ctx.Request.ContentLength is { } length && length != end - start + 1)
            throw new RegistryHttpException(StatusCodes.Status400BadRequest, RegistryErrorCodes.BlobUploadInvalid,
                $"Content-Range '{header}' does not match Content-Length {length}");
        return start;
    }
}

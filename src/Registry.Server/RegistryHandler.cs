using Gravity.Registry;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Gravity.Registry.Server;

/// <summary>
/// Entry point of every /v2/ request: parses the route, validates the repository name before any path is built from
/// it, asks <see cref="IRegistryAccessControl"/> for the route's action, then runs the endpoint and turns refusals into
/// the specification's error responses.
/// </summary>
internal sealed class RegistryHandler(RegistryStorage storage, IRegistryAccessControl access, RegistryServerOptions options, ILogger<RegistryHandler> log,
    IManifestAdmission? admission = null)
{
    public async Task HandleAsync(HttpContext ctx)
    {
        var path = ctx.Request.Path.Value ?? "";
        var route = RegistryRoute.Parse(path.Length >= 3 ? path[3..] : "");
        if (route is null)
        {
            await RegistryErrors.WriteAsync(ctx, RegistryErrorCodes.NameUnknown, $"no registry endpoint at {path}");
            return;
        }
        if (route.Name is not null && !RepositoryName.IsValid(route.Name))
        {
            await RegistryErrors.WriteAsync(ctx, RegistryErrorCodes.NameInvalid, "invalid repository name", new { name = route.Name });
            return;
        }
        if (ActionFor(route.Kind, ctx.Request.Method) is not { } action)
        {
            await RegistryErrors.WriteAsync(ctx, RegistryErrorCodes.Unsupported, $"{ctx.Request.Method} is not supported here");
            return;
        }
        try
        {
            if (!await AuthorizeAsync(ctx, route.Name, action, mountFrom: MountSource(ctx, route))) return;
            await DispatchAsync(ctx, route);
        }
        catch (RegistryErrorException ex)
        {
            await RegistryErrors.WriteAsync(ctx, ex.Code, ex.Message, ex.Detail);
        }
        catch (RegistryHttpException ex)
        {
            await RegistryErrors.WriteAsync(ctx, ex.Code, ex.Message, ex.Detail, ex.Status);
        }
        catch (UploadRangeException ex)
        {
            UploadEndpoints.SetRange(ctx.Response, ex.Offset);
            await RegistryErrors.WriteAsync(ctx, RegistryErrorCodes.BlobUploadInvalid, ex.Message, new { offset = ex.Offset },
                StatusCodes.Status416RangeNotSatisfiable);
        }
        catch (InsufficientStorageException ex)
        {
            log.LogError("{Method} {Path}: {Message}", ctx.Request.Method, path, ex.Message);
            await RegistryErrors.WriteAsync(ctx, RegistryErrorCodes.Unknown, ex.Message, status: StatusCodes.Status507InsufficientStorage);
        }
        catch (Exception ex) when (InsufficientStorageException.IsDiskFull(ex) && !ctx.RequestAborted.IsCancellationRequested)
        {
            log.LogError("{Method} {Path}: no space left on the registry's disk: {Message}", ctx.Request.Method, path, ex.Message);
            await RegistryErrors.WriteAsync(ctx, RegistryErrorCodes.Unknown, $"no space left on the registry's disk: {ex.Message}",
                status: StatusCodes.Status507InsufficientStorage);
        }
        catch (Exception ex) when (ctx.RequestAborted.IsCancellationRequested || ex is BadHttpRequestException)
        {
            // The client went away or sent a truncated body; what was received of an upload stays for a resume.
            log.LogDebug(ex, "request {Method} {Path} ended early", ctx.Request.Method, path);
            if (!ctx.Response.HasStarted && !ctx.RequestAborted.IsCancellationRequested)
                await RegistryErrors.WriteAsync(ctx, RegistryErrorCodes.BlobUploadInvalid, $"incomplete request body: {ex.Message}");
        }
        catch (Exception ex)
        {
            // A bug or an unexpected environment: clients still get the specification's error body, not an empty 500.
            log.LogError(ex, "{Method} {Path} failed", ctx.Request.Method, path);
            await RegistryErrors.WriteAsync(ctx, RegistryErrorCodes.Unknown, "internal registry error", status: StatusCodes.Status500InternalServerError);
        }
    }

    /// <summary>The source repository of a blob mount request, when it names a valid one other than the target.</summary>
    private static string? MountSource(HttpContext ctx, RegistryRoute route)
    {
        if (route.Kind != RouteKind.UploadStart || ctx.Request.Query["mount"].ToString().Length == 0) return null;
        var from = ctx.Request.Query["from"].ToString();
        return RepositoryName.IsValid(from) && from != route.Name ? from : null;
    }

    /// <summary>Checks access for the route's repository; writes the 401/403 itself and returns false when refused.</summary>
    internal async Task<bool> AuthorizeAsync(HttpContext ctx, string? repository, RegistryAction action, bool writeRefusal = true, string? mountFrom = null)
    {
        var request = new AccessRequest(ctx.Request.Headers.Authorization.ToString() is { Length: > 0 } a ? a : null,
            repository, action, ctx.Connection.RemoteIpAddress?.ToString()) { MountFrom = mountFrom, ClientCertificate = ctx.Connection.ClientCertificate };
        var decision = await access.CheckAsync(request, ctx.RequestAborted);
        if (!writeRefusal) return decision.Allowed; // a mount's side check: the route's own decision names the user
        RequestUser.Set(ctx, decision.Subject);
        if (decision.Allowed) return true;
        var code = decision.Code is RegistryErrorCodes.Denied or RegistryErrorCodes.TooManyRequests ? decision.Code : RegistryErrorCodes.Unauthorized;
        if (code == RegistryErrorCodes.Unauthorized)
            ctx.Response.Headers.WWWAuthenticate = decision.WwwAuthenticate ?? AccessDecision.DefaultChallenge;
        await RegistryErrors.WriteAsync(ctx, code, decision.Message ?? code switch
            {
                RegistryErrorCodes.Denied => "access denied",
                RegistryErrorCodes.TooManyRequests => "too many requests",
                _ => "authentication required",
            },
            repository is null ? null : new[] { new { Type = "repository", Name = repository, Action = action.ToString().ToLowerInvariant() } });
        return false;
    }

    private Task DispatchAsync(HttpContext ctx, RegistryRoute route)
    {
        var method = ctx.Request.Method;
        var name = route.Name!;
        return route.Kind switch
        {
            RouteKind.Base => WriteBaseAsync(ctx),
            RouteKind.Catalog => ListingEndpoints.CatalogAsync(ctx, storage),
            RouteKind.Tags => ListingEndpoints.TagsAsync(ctx, storage, name),
            RouteKind.Referrers => ListingEndpoints.ReferrersAsync(ctx, storage, name, route.Reference!),
            RouteKind.Manifest when HttpMethods.IsPut(method) => ManifestEndpoints.PutAsync(ctx, storage, options, name, route.Reference!, admission),
            RouteKind.Manifest when HttpMethods.IsDelete(method) => ManifestEndpoints.DeleteAsync(ctx, storage, name, route.Reference!),
            RouteKind.Manifest => ManifestEndpoints.GetAsync(ctx, storage, name, route.Reference!),
            RouteKind.Blob when HttpMethods.IsDelete(method) => BlobEndpoints.DeleteAsync(ctx, storage, name, route.Reference!),
            RouteKind.Blob => BlobEndpoints.GetAsync(ctx, storage, name, route.Reference!),
            RouteKind.UploadStart => UploadEndpoints.StartAsync(ctx, storage, this, name, RequestUser.Get(ctx)),
            RouteKind.Upload => UploadEndpoints.SessionAsync(ctx, storage, name, route.Reference!, RequestUser.Get(ctx)),
            _ => RegistryErrors.WriteAsync(ctx, RegistryErrorCodes.Unsupported, "unsupported"),
        };
    }

    private static Task WriteBaseAsync(HttpContext ctx)
    {
        ctx.Response.ContentType = "application/json";
        ctx.Response.ContentLength = 2;
        return HttpMethods.IsHead(ctx.Request.Method) ? Task.CompletedTask : ctx.Response.WriteAsync("{}");
    }

    private static RegistryAction? ActionFor(RouteKind kind, string method)
    {
        var read = HttpMethods.IsGet(method) || HttpMethods.IsHead(method);
        return kind switch
        {
            RouteKind.Base => read ? RegistryAction.Pull : null,
            RouteKind.Catalog => read ? RegistryAction.Catalog : null,
            RouteKind.Tags or RouteKind.Referrers => read ? RegistryAction.Pull : null,
            RouteKind.Manifest or RouteKind.Blob when read => RegistryAction.Pull,
            RouteKind.Manifest when HttpMethods.IsPut(method) => RegistryAction.Push,
            RouteKind.Manifest or RouteKind.Blob when HttpMethods.IsDelete(method) => RegistryAction.Delete,
            RouteKind.UploadStart => HttpMethods.IsPost(method) ? RegistryAction.Push : null,
            RouteKind.Upload when read || HttpMethods.IsPatch(method) || HttpMethods.IsPut(method) || HttpMethods.IsDelete(method) => RegistryAction.Push,
            _ => null,
        };
    }
}

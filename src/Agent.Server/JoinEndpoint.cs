using System.Formats.Tar;
using System.Text.Json;
using Gravity.Cluster.Etcd;
using Gravity.Cluster.Nodes;
using Gravity.Cluster.Operations.Expand;
using Gravity.Cluster.Plans;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Gravity.Agent.Server;

/// <summary>
/// The join API of a cluster node (<see cref="JoinService"/> does the work): GET /v1/join/ca, POST /v1/join and GET
/// /v1/join/gravity (join token), POST /v1/join/{operation}/certificate and GET /v1/join/{operation}/app (the operation's own token). Joining
/// nodes have no cluster certificate yet, so these are the agent's only endpoints served on a bearer token.
/// </summary>
public static class JoinEndpoint
{
    /// <summary>Join requests are a few hundred bytes; a CSR a few more.</summary>
    public const long MaxRequestBytes = 64 << 10;

    public static void Map(WebApplication app, NodeSettings node)
    {
        var service = new JoinService(node, () => new EtcdGrpcClient(node.EtcdOptions()), TimeProvider.System);

        // Typed as Delegate: a lambda of HttpContext returning a Task would bind as a RequestDelegate and drop its result.
        app.MapGet(JoinPeerClient.CaPath, (Func<HttpContext, Task<IResult>>)(ctx =>
            Run(() => service.ProveAsync(ctx.Request.Query["nonce"].ToString(), ctx.RequestAborted))));

        app.MapPost(JoinPeerClient.StartPath, (Func<HttpContext, Task<IResult>>)(ctx => Run(async () =>
            await service.StartAsync(Bearer(ctx), await ReadAsync<JoinStartRequest>(ctx), ctx.RequestAborted))));

        app.MapPost("/v1/join/{operation}/certificate", (HttpContext ctx, string operation) => Run(async () =>
            await service.SignAsync(operation, Bearer(ctx), await ReadAsync<JoinCertificateRequest>(ctx), ctx.RequestAborted)));

        app.MapGet(JoinPeerClient.GravityPath, async (HttpContext ctx) =>
        {
            string path;
            try
            {
                path = await service.GravityBinaryAsync(Bearer(ctx), ctx.RequestAborted);
            }
            catch (JoinRefusedException ex)
            {
                await Refuse(ex).ExecuteAsync(ctx);
                return;
            }
            ctx.Response.ContentType = "application/octet-stream";
            await ctx.Response.SendFileAsync(path, ctx.RequestAborted);
        });

        app.MapDelete("/v1/join/{operation}", (HttpContext ctx, string operation) => Run(async () =>
            new { cancelled = await service.CancelAsync(operation, Bearer(ctx), ctx.RequestAborted) }));

        app.MapGet("/v1/join/{operation}/app", async (HttpContext ctx, string operation) =>
        {
            string appDir;
            try
            {
                await service.AuthorizeAsync(operation, Bearer(ctx), ctx.RequestAborted);
                appDir = await service.AppDirAsync(ctx.RequestAborted);
            }
            catch (JoinRefusedException ex)
            {
                await Refuse(ex).ExecuteAsync(ctx);
                return;
            }
            ctx.Response.ContentType = "application/x-tar";
            // Streamed file by file: nothing of the folder is held in memory.
            await using var tar = new TarWriter(ctx.Response.Body, TarEntryFormat.Pax, leaveOpen: true);
            foreach (var file in Directory.EnumerateFiles(appDir, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            {
                if (new FileInfo(file).LinkTarget is not null) continue;
                await tar.WriteEntryAsync(file, Path.GetRelativePath(appDir, file).Replace('\\', '/'), ctx.RequestAborted);
            }
        });
    }

    private static async Task<IResult> Run<T>(Func<Task<T>> action)
    {
        try
        {
            return Results.Json(await action(), PlanJson.Options);
        }
        catch (JoinRefusedException ex)
        {
            return Refuse(ex);
        }
        catch (Exception ex) when (ex is JsonException or InvalidDataException)
        {
            return Results.Json(new { error = $"not a join request: {ex.Message}" }, statusCode: StatusCodes.Status400BadRequest);
        }
        catch (EtcdException ex)
        {
            return Results.Json(new { error = $"the cluster state cannot be read here: {ex.Message}" }, statusCode: StatusCodes.Status503ServiceUnavailable);
        }
        catch (Core.GravityException ex)
        {
            return Results.Json(new { error = ex.Message }, statusCode: StatusCodes.Status400BadRequest);
        }
    }

    private static IResult Refuse(JoinRefusedException ex) => Results.Json(new { error = ex.Message }, statusCode: ex.Refusal switch
    {
        JoinRefusal.BadToken => StatusCodes.Status401Unauthorized,
        JoinRefusal.Conflict => StatusCodes.Status409Conflict,
        JoinRefusal.NotAllowed => StatusCodes.Status403Forbidden,
        JoinRefusal.Unavailable => StatusCodes.Status503ServiceUnavailable,
        _ => StatusCodes.Status400BadRequest,
    });

    private static string? Bearer(HttpContext ctx)
    {
        var header = ctx.Request.Headers.Authorization.ToString();
        return header.StartsWith("Bearer ", StringComparison.Ordinal) ? header["Bearer ".Length..].Trim() : null;
    }

    private static Task<T> ReadAsync<T>(HttpContext ctx) where T : class => BoundedJsonBody.ReadAsync<T>(ctx.Request, MaxRequestBytes, ctx.RequestAborted);
}

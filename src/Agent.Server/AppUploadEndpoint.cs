using System.Security.Cryptography.X509Certificates;
using Gravity.Cluster.Agents;
using Gravity.Cluster.Certificates;
using Gravity.Cluster.Nodes;
using Gravity.Cluster.Operations.Upload;
using Gravity.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Gravity.Agent.Server;

/// <summary>
/// GET and PUT /v1/apps/{name}/{version}: the folder of an uploaded version on this node (`gravity upload` on another
/// master puts it here; the upgrade reads it). Only a node certificate of this cluster is served (401 without a client
/// certificate, 403 for any other, a Kubernetes client certificate of the same CA included). PUT takes the folder as
/// a tar stream, checks every file against the head it starts with, writes it root's and puts it in place by a rename
/// once complete (<see cref="AppFolderTar"/>); GET says which head a complete folder holds (404: none).
/// </summary>
public static class AppUploadEndpoint
{
    public const string Route = "/v1/apps/{name}/{version}";

    public static void Map(WebApplication app, StateFolder folder, X509Certificate2 clusterCa)
    {
        app.MapGet(Route, (Func<HttpContext, string, string, Task<IResult>>)(async (ctx, name, version) =>
        {
            if (await ClusterClientCertificate.RefusalAsync(ctx, clusterCa) is { } refused) return refused;
            if (Invalid(name, version) is { } invalid) return invalid;
            var dir = folder.AppDir(name, version);
            return UploadedAppFolder.ReadHeadDigest(dir) is { } digest && UploadedAppFolder.IsComplete(dir, digest)
                ? Results.Json(new AgentAppFolderState(digest.ToString()))
                : Results.Text($"this node holds no folder of {name}:{version}", statusCode: StatusCodes.Status404NotFound);
        }));

        app.MapPut(Route, (Func<HttpContext, string, string, Task<IResult>>)(async (ctx, name, version) =>
        {
            if (await ClusterClientCertificate.RefusalAsync(ctx, clusterCa) is { } refused) return refused;
            if (Invalid(name, version) is { } invalid) return invalid;
            // Kestrel's default (30 MB) is less than a gravity binary; the folder's own limit is checked as it is read.
            if (ctx.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit) limit.MaxRequestBodySize = UploadedAppFolder.MaxBytes + (64L << 20);
            try
            {
                var (digest, changed) = await AppFolderTar.ReadAsync(ctx.Request.Body, folder.AppDir(name, version), name, version, ctx.RequestAborted);
                return Results.Json(new { headDigest = digest.ToString(), changed });
            }
            catch (Exception ex) when (ex is GravityException or InvalidDataException or FormatException)
            {
                return Results.Text(ex.Message, statusCode: StatusCodes.Status400BadRequest);
            }
        }));
    }

    private static IResult? Invalid(string name, string version)
    {
        try
        {
            UploadedAppFolder.CheckSegment("application", name);
            UploadedAppFolder.CheckSegment("version", version);
            return null;
        }
        catch (GravityException ex)
        {
            return Results.Text(ex.Message, statusCode: StatusCodes.Status400BadRequest);
        }
    }
}

using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using System.Threading.Channels;
using Gravity.Cluster.Agents;
using Gravity.Cluster.Certificates;
using Gravity.Cluster.Operations;
using Gravity.Cluster.Operations.Kinds;
using Gravity.Cluster.Plans;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Gravity.Agent.Server;

/// <summary>
/// POST /v1/phases: runs one phase of an operation on this node for another node's plan engine, streaming the phase's
/// messages back as NDJSON. Only a client certificate of the cluster CA is served (401 without one, 403 for another
/// CA's); a phase that names another node is refused, so a caller cannot make this node act as a different one.
/// </summary>
public static class PhaseEndpoint
{
    /// <summary>A plan and an operation record are small; anything bigger is not one.</summary>
    public const long MaxRequestBytes = 4L << 20;

    public static void Map(WebApplication app, string nodeName, X509Certificate2 clusterCa, OperationKinds kinds, INodeRuntime runtime)
    {
        app.MapPost(AgentPhaseClient.Path, async (HttpContext ctx) =>
        {
            if (await ClusterClientCertificate.RefusalAsync(ctx, clusterCa) is { } refused) return refused;

            RemotePhaseRequest? request;
            try
            {
                if (ctx.Request.ContentLength is > MaxRequestBytes) return Results.Text("request too large", statusCode: StatusCodes.Status413PayloadTooLarge);
                request = await BoundedJsonBody.ReadAsync<RemotePhaseRequest>(ctx.Request, MaxRequestBytes, ctx.RequestAborted);
            }
            catch (Exception ex) when (ex is JsonException or InvalidDataException)
            {
                return Results.Text($"not a phase request: {ex.Message}", statusCode: StatusCodes.Status400BadRequest);
            }
            if (request?.Operation is null || request.Plan is null || request.Phase is null) return Results.Text("not a phase request", statusCode: StatusCodes.Status400BadRequest);
            if (request.Plan.OperationId != request.Operation.Id)
                return Results.Text($"the plan is of operation {request.Plan.OperationId}, not {request.Operation.Id}", statusCode: StatusCodes.Status400BadRequest);
            var phase = request.Plan.Find(request.Phase);
            if (phase is null || phase.IsGroup) return Results.Text($"{request.Phase} is not a leaf phase of the plan", statusCode: StatusCodes.Status400BadRequest);
            if (phase.Node != nodeName)
                return Results.Text($"phase {phase.Id} runs on node {phase.Node ?? "(none)"}, and this is node {nodeName}", statusCode: StatusCodes.Status409Conflict);

            IPhaseExecutor executor;
            try
            {
                executor = kinds.Get(request.Operation.Type, request.Operation.Id).CreateExecutors(request.Operation, runtime).Get(phase);
            }
            catch (Core.GravityException ex)
            {
                return Results.Text(ex.Message, statusCode: StatusCodes.Status422UnprocessableEntity);
            }
            await StreamAsync(ctx, request, phase, executor);
            return Results.Empty;
        });
    }

    private static async Task StreamAsync(HttpContext ctx, RemotePhaseRequest request, Phase phase, IPhaseExecutor executor)
    {
        ctx.Response.ContentType = "application/x-ndjson";
        var lines = Channel.CreateUnbounded<RemotePhaseLine>();
        var context = new PhaseContext(request.Plan, phase, message => lines.Writer.TryWrite(new RemotePhaseLine(Log: message)));
        var run = Task.Run(async () =>
        {
            try
            {
                if (request.Rollback) await executor.RollbackAsync(context, ctx.RequestAborted);
                else await executor.ExecuteAsync(context, ctx.RequestAborted);
                lines.Writer.TryWrite(new RemotePhaseLine(Done: true));
            }
            catch (Exception ex)
            {
                lines.Writer.TryWrite(new RemotePhaseLine(Error: ex.Message));
            }
            finally { lines.Writer.TryComplete(); }
        });
        await foreach (var line in lines.Reader.ReadAllAsync(CancellationToken.None))
        {
            try
            {
                await ctx.Response.WriteAsync(JsonSerializer.Serialize(line, PlanJson.Options) + "\n", ctx.RequestAborted);
                await ctx.Response.Body.FlushAsync(ctx.RequestAborted);
            }
            catch (OperationCanceledException) { break; }   // the caller went away; the phase still finishes (or is cancelled) here
        }
        await run;
    }
}

using System.Globalization;
using System.Security.Cryptography.X509Certificates;
using Gravity.Cluster.Agents;
using Gravity.Cluster.Nodes;
using Gravity.Core;
using Gravity.Oci;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Gravity.Agent.Server;

/// <summary>
/// The node agent's side of `gravity agent deploy` and `shutdown`: POST /v1/update-agent (body: the new gravity binary,
/// or empty to run the node's own; header <see cref="UpdateAgentClient.DigestHeader"/>: its sha256) writes the binary
/// root-only and starts the update agent; POST /v1/update-agent/stop stops it. Cluster client certificates only: what
/// the update agent runs, it runs as root.
/// </summary>
public static class UpdateAgentEndpoint
{
    /// <summary>A gravity binary is some tens of MB; far more is not one.</summary>
    public const long MaxBinaryBytes = 512L << 20;

    public static void Map(WebApplication app, NodeSettings node, X509Certificate2 clusterCa)
    {
        app.MapPost(UpdateAgentClient.DeployPath, async (HttpContext ctx) =>
        {
            if (await ClusterClientCertificate.RefusalAsync(ctx, clusterCa) is { } refused) return refused;
            if (!int.TryParse(ctx.Request.Query["port"], NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port > 65535)
                return Results.Text("port: a number from 0 to 65535 is required", statusCode: StatusCodes.Status400BadRequest);
            // Kestrel's default (30 MB) is less than a gravity binary; this endpoint's own limit is checked as it is read.
            if (ctx.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit) limit.MaxRequestBodySize = MaxBinaryBytes + 1;
            try
            {
                await ReceiveBinaryAsync(ctx, node.Folder);
                var url = await UpdateAgentLauncher.StartAsync(node, port, ctx.RequestAborted);
                return Results.Json(new UpdateAgentDeployed(node.NodeName, url));
            }
            catch (UpdateAgentRequestException ex)
            {
                return Results.Text(ex.Message, statusCode: ex.Status);
            }
            catch (GravityException ex)
            {
                return Results.Text(ex.Message, statusCode: StatusCodes.Status500InternalServerError);
            }
        });

        app.MapPost(UpdateAgentClient.StopPath, async (HttpContext ctx) =>
        {
            if (await ClusterClientCertificate.RefusalAsync(ctx, clusterCa) is { } refused) return refused;
            await UpdateAgentLauncher.StopAsync(node.Folder, ctx.RequestAborted);
            if (File.Exists(node.Folder.UpdateAgentBinary)) File.Delete(node.Folder.UpdateAgentBinary);
            return Results.Json(new { stopped = node.NodeName });
        });
    }

    // Streamed to a root-only temporary file beside the target, checked against the digest the caller names, renamed:
    // no half-written or unchecked binary is ever at the path the update agent is started from.
    private static async Task ReceiveBinaryAsync(HttpContext ctx, StateFolder layout)
    {
        var length = ctx.Request.ContentLength ?? 0;
        if (length == 0 && !ctx.Request.Headers.TransferEncoding.Any(v => v?.Contains("chunked", StringComparison.OrdinalIgnoreCase) == true))
        {
            if (File.Exists(layout.UpdateAgentBinary)) File.Delete(layout.UpdateAgentBinary);
            return;
        }
        if (length > MaxBinaryBytes) throw new UpdateAgentRequestException(StatusCodes.Status413PayloadTooLarge, $"a gravity binary is at most {MaxBinaryBytes} bytes");
        if (!Digest.TryParse(ctx.Request.Headers[UpdateAgentClient.DigestHeader].ToString(), out var expected))
            throw new UpdateAgentRequestException(StatusCodes.Status400BadRequest, $"{UpdateAgentClient.DigestHeader}: the binary's digest (sha256:HEX) is required");
        // A second deploy of the same binary (gravity upgrade, then a resume) keeps the running agent: restarting it
        // would kill the phase it may be running for another gravity.
        if (UpdateAgentLauncher.RunningPid(layout) is not null && File.Exists(layout.UpdateAgentBinary))
        {
            await using var existing = File.OpenRead(layout.UpdateAgentBinary);
            if (await Digest.ComputeAsync(existing, ctx.RequestAborted) == expected)
            {
                await ctx.Request.Body.CopyToAsync(Stream.Null, ctx.RequestAborted); // read, so that the client's upload ends normally
                return;
            }
        }

        Directory.CreateDirectory(layout.Bin);
        var temp = AtomicFile.TempPathFor(layout.UpdateAgentBinary);
        try
        {
            await using (var file = new FileStream(temp, new FileStreamOptions
                         {
                             Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
                         }))
            {
                var buffer = new byte[81920];
                long total = 0;
                int read;
                while ((read = await ctx.Request.Body.ReadAsync(buffer, ctx.RequestAborted)) > 0)
                {
                    total += read;
                    if (total > MaxBinaryBytes) throw new UpdateAgentRequestException(StatusCodes.Status413PayloadTooLarge, $"a gravity binary is at most {MaxBinaryBytes} bytes");
                    await file.WriteAsync(buffer.AsMemory(0, read), ctx.RequestAborted);
                }
            }
            await using (var check = File.OpenRead(temp))
            {
                var actual = await Digest.ComputeAsync(check, ctx.RequestAborted);
                if (actual != expected)
                    throw new UpdateAgentRequestException(StatusCodes.Status400BadRequest, $"the binary received has digest {actual}, not {expected}: nothing was started");
            }
            File.SetUnixFileMode(temp, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute
                                       | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
            await UpdateAgentLauncher.StopAsync(layout, ctx.RequestAborted);
            File.Move(temp, layout.UpdateAgentBinary, overwrite: true);
        }
        finally
        {
            File.Delete(temp);
        }
    }

    private sealed class UpdateAgentRequestException(int status, string message) : Exception(message)
    {
        public int Status { get; } = status;
    }
}

using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Gravity.Cluster.Certificates;
using Gravity.Cluster.Plans;
using Gravity.Cluster.Runtime.ClusterHealth;
using Gravity.Health.Monitoring;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Gravity.Agent.Server;

/// <summary>
/// What other nodes' agents read for cluster health: this node's own report (GET / answers the whole cluster's, so
/// peers never ask each other in circles) and the agent's clock for time-drift. Cluster client certificates only.
/// </summary>
public static class PeerHealthEndpoints
{
    public static void Map(WebApplication app, X509Certificate2 clusterCa, HealthMonitor monitor, TimeProvider clock)
    {
        app.MapGet(PeerEndpoints.NodeHealth, async (HttpContext ctx) =>
        {
            if (await RefuseAsync(ctx, clusterCa) is { } refused) return refused;
            var report = monitor.CurrentNode;
            return Results.Text(report.ToJson(), "application/json",
                statusCode: report.IsRunning ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
        });
        app.MapGet(PeerEndpoints.Time, async (HttpContext ctx) =>
        {
            if (await RefuseAsync(ctx, clusterCa) is { } refused) return refused;
            return Results.Json(new TimeAnswer(clock.GetUtcNow().ToUnixTimeMilliseconds()), PlanJson.Options);
        });
    }

    private static async Task<IResult?> RefuseAsync(HttpContext ctx, X509Certificate2 clusterCa)
    {
        var client = await ctx.Connection.GetClientCertificateAsync(ctx.RequestAborted);
        if (client is null) return Results.Text("a client certificate of the cluster CA is required", statusCode: StatusCodes.Status401Unauthorized);
        return ClusterTrust.ChainsTo(clusterCa, client, SslPolicyErrors.None)
            ? null
            : Results.Text("the client certificate is not one of this cluster's", statusCode: StatusCodes.Status403Forbidden);
    }
}

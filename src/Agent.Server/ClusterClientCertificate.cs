using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Gravity.Cluster.Certificates;
using Microsoft.AspNetCore.Http;

namespace Gravity.Agent.Server;

/// <summary>The check of every agent endpoint that changes something: the caller shows a client certificate of the cluster's CA.</summary>
public static class ClusterClientCertificate
{
    /// <returns>null when the caller holds one; else the refusal to send (401 without a certificate, 403 for another CA's).</returns>
    public static async Task<IResult?> RefusalAsync(HttpContext ctx, X509Certificate2 clusterCa)
    {
        var client = await ctx.Connection.GetClientCertificateAsync(ctx.RequestAborted);
        if (client is null) return Results.Text("a client certificate of the cluster CA is required", statusCode: StatusCodes.Status401Unauthorized);
        if (!ClusterTrust.ChainsTo(clusterCa, client, SslPolicyErrors.None))
            return Results.Text("the client certificate is not one of this cluster's", statusCode: StatusCodes.Status403Forbidden);
        return null;
    }
}

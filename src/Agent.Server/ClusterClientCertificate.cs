using System.Security.Cryptography.X509Certificates;
using Gravity.Cluster.Certificates;
using Microsoft.AspNetCore.Http;

namespace Gravity.Agent.Server;

/// <summary>
/// The check of every agent endpoint that changes something: the caller shows a node certificate of the cluster
/// (<see cref="ClusterTrust.IsNodeCertificate"/>), not merely one its CA signed: the CA signs Kubernetes' client
/// certificates too (the admin's kubeconfig, kubelets'), and none of those may run phases or binaries as root here.
/// </summary>
public static class ClusterClientCertificate
{
    /// <returns>null when the caller holds one; else the refusal to send (401 without a certificate, 403 for any other).</returns>
    public static async Task<IResult?> RefusalAsync(HttpContext ctx, X509Certificate2 clusterCa)
    {
        var client = await ctx.Connection.GetClientCertificateAsync(ctx.RequestAborted);
        if (client is null) return Results.Text("a node certificate of the cluster is required", statusCode: StatusCodes.Status401Unauthorized);
        return ClusterTrust.IsNodeCertificate(clusterCa, client)
            ? null
            : Results.Text("the client certificate is not a node certificate of this cluster", statusCode: StatusCodes.Status403Forbidden);
    }
}

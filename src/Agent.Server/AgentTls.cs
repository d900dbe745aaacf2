using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Server.Kestrel.Https;

namespace Gravity.Agent.Server;

/// <summary>
/// The agent's TLS: the node certificate, and a client certificate asked for but not required, because the health
/// endpoint is for anyone (curl -k) while the phase endpoint checks the certificate against the cluster CA itself.
/// </summary>
public static class AgentTls
{
    public static HttpsConnectionAdapterOptions Options(X509Certificate2 nodeCertificate) => new()
    {
        ServerCertificate = nodeCertificate,
        ClientCertificateMode = ClientCertificateMode.AllowCertificate,
        // Chain validation is the endpoint's (against the cluster CA, not the system store): accept here, judge there.
        ClientCertificateValidation = (_, _, _) => true,
    };
}

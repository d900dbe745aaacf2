using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Gravity.Cluster.Certificates;

/// <summary>HTTP clients that trust exactly the cluster CA (for the agent API and the health endpoint).</summary>
public static class ClusterTrust
{
    public static HttpClient CreateClient(string caCertPath, TimeSpan? timeout = null)
    {
        var ca = X509Certificate2.CreateFromPem(File.ReadAllText(caCertPath));
        var handler = new SocketsHttpHandler
        {
            SslOptions = new SslClientAuthenticationOptions
            {
                RemoteCertificateValidationCallback = (_, cert, _, errors) => cert is not null && ChainsTo(ca, new X509Certificate2(cert), errors),
            },
        };
        return new HttpClient(handler) { Timeout = timeout ?? TimeSpan.FromSeconds(10) };
    }

    public static bool ChainsTo(X509Certificate2 ca, X509Certificate2 cert, SslPolicyErrors errors)
    {
        if ((errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0) return false;
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(cert);
    }
}

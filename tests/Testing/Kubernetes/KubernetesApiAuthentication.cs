using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace Gravity.Testing.Kubernetes;

/// <summary>
/// Who a request comes from: the holder of the bearer token, or of a client certificate signed by the double's CA
/// (its CN is the user). Anyone else is refused with 401. A certificate from another CA is refused the same way, after
/// the handshake (the real server aborts the handshake itself), so that tests see a clear 401. No authorization: every
/// authenticated user may do everything.
/// </summary>
public sealed class KubernetesApiAuthentication(string token, X509Certificate2 clientCa)
{
    public string? Authenticate(HttpContext context)
    {
        var header = context.Request.Headers.Authorization.ToString();
        if (header.StartsWith("Bearer ", StringComparison.Ordinal) &&
            CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(header[7..].Trim()), Encoding.UTF8.GetBytes(token)))
            return "token-user";
        if (context.Connection.ClientCertificate is { } certificate && SignedByCa(certificate))
            return certificate.GetNameInfo(X509NameType.SimpleName, forIssuer: false);
        return null;
    }

    private bool SignedByCa(X509Certificate2 certificate)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(clientCa);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.ApplicationPolicy.Add(new System.Security.Cryptography.Oid("1.3.6.1.5.5.7.3.2"));
        return chain.Build(certificate);
    }
}

using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Gravity.Cluster.Certificates;

/// <summary>HTTP clients that trust exactly the cluster CA (the agent API, the health endpoint, etcd, the cluster registry).</summary>
public static class ClusterTrust
{
    public static HttpClient CreateClient(string caCertPath, TimeSpan? timeout = null) => new(CreateHandler(caCertPath, null)) { Timeout = timeout ?? TimeSpan.FromSeconds(10) };

    /// <summary>A client that also presents the node's client certificate (etcd and the cluster registry require one).</summary>
    public static HttpClient CreateClient(TlsFiles node, TimeSpan? timeout = null) => new(CreateHandler(node.CaPath, node)) { Timeout = timeout ?? TimeSpan.FromSeconds(10) };

    public static SocketsHttpHandler CreateHandler(string caCertPath, TlsFiles? clientCertificate)
    {
        var ca = X509Certificate2.CreateFromPem(File.ReadAllText(caCertPath));
        var handler = new SocketsHttpHandler
        {
            SslOptions = new SslClientAuthenticationOptions
            {
                RemoteCertificateValidationCallback = (_, cert, _, errors) => cert is not null && ChainsTo(ca, new X509Certificate2(cert), errors),
            },
        };
        if (clientCertificate is not null) handler.SslOptions.ClientCertificates = [LoadClientCertificate(clientCertificate)];
        return handler;
    }

    /// <summary>The certificate with its key, re-imported so the TLS stack can use the key (a PEM-loaded key is ephemeral).</summary>
    public static X509Certificate2 LoadClientCertificate(TlsFiles files)
    {
        using var pem = X509Certificate2.CreateFromPemFile(files.CertPath, files.KeyPath);
        return X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
    }

    /// <summary>
    /// A node certificate of this cluster (ClusterPki signs them with O=gravity and the node's name in OU), not just
    /// any certificate of its CA: the CA signs Kubernetes' client certificates too, the admin's kubeconfig among them.
    /// </summary>
    public static bool IsNodeCertificate(X509Certificate2 ca, X509Certificate2 cert)
    {
        if (!ChainsTo(ca, cert, SslPolicyErrors.None)) return false;
        var parts = cert.SubjectName.EnumerateRelativeDistinguishedNames().Select(r => (Oid: r.GetSingleElementType().Value, Value: r.GetSingleElementValue())).ToList();
        return parts.Any(p => p.Oid == OrganizationOid && p.Value == "gravity") && parts.Any(p => p.Oid == OrganizationalUnitOid && !string.IsNullOrEmpty(p.Value));
    }

    private const string OrganizationOid = "2.5.4.10";
    private const string OrganizationalUnitOid = "2.5.4.11";

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

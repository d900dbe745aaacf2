using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Gravity.Cluster.Certificates;

namespace Gravity.Cluster.Tests.Agents;

/// <summary>A client certificate the cluster CA signed that is not a node's (as the Kubernetes admin's kubeconfig holds).</summary>
internal static class NonNodeCertificate
{
    public static TlsFiles Issue(ClusterPki pki, string dir, string subject = "CN=admin, O=system:masters")
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var certPem = pki.SignCertificate(new X500DistinguishedName(subject), [], new CertificateRequest(subject, key, HashAlgorithmName.SHA256).PublicKey, serverAuth: false, clientAuth: true);
        Directory.CreateDirectory(dir);
        var certPath = Path.Combine(dir, "admin.pem");
        var keyPath = Path.Combine(dir, "admin-key.pem");
        File.WriteAllText(certPath, certPem);
        File.WriteAllText(keyPath, key.ExportPkcs8PrivateKeyPem());
        return new TlsFiles(certPath, keyPath, pki.CaCertPath);
    }
}

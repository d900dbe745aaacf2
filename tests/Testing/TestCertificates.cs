using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Gravity.Testing;

/// <summary>
/// A throw-away CA and a server certificate for 127.0.0.1/localhost, written as PEM files into a folder; the CA's key
/// stays there (0600) so that client certificates can be issued later.
/// </summary>
public sealed record TestCertificates(string CaCertificatePath, string ServerCertificatePath, string ServerKeyPath, string CertDirectory)
{
    public static TestCertificates Create(string directory, IEnumerable<string>? extraDnsNames = null)
    {
        Directory.CreateDirectory(directory);
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest("CN=Gravity Test CA", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        caRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(caRequest.PublicKey, false));
        var notBefore = DateTimeOffset.UtcNow.AddDays(-1);
        using var ca = caRequest.CreateSelfSigned(notBefore, notBefore.AddDays(30));

        using var serverKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=localhost", serverKey, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(IPAddress.Loopback);
        san.AddDnsName("localhost");
        foreach (var name in extraDnsNames ?? []) san.AddDnsName(name);
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(ca, true, false));
        var serial = RandomNumberGenerator.GetBytes(12);
        serial[0] &= 0x7f;
        using var server = request.Create(ca, notBefore, notBefore.AddDays(29), serial);

        var caPath = Path.Combine(directory, "ca.crt");
        var certPath = Path.Combine(directory, "server.crt");
        var keyPath = Path.Combine(directory, "server.key");
        File.WriteAllText(caPath, ca.ExportCertificatePem() + "\n");
        WritePrivate(Path.Combine(directory, CaKeyFileName), caKey.ExportPkcs8PrivateKeyPem() + "\n");
        File.WriteAllText(certPath, server.ExportCertificatePem() + "\n");
        WritePrivate(keyPath, serverKey.ExportPkcs8PrivateKeyPem() + "\n");

        // skopeo/containers-image read CAs from a directory of *.crt files.
        var certDir = Path.Combine(directory, "certs.d");
        Directory.CreateDirectory(certDir);
        File.Copy(caPath, Path.Combine(certDir, "ca.crt"));
        return new TestCertificates(caPath, certPath, keyPath, certDir);
    }

    private const string CaKeyFileName = "ca.key";

    /// <summary>
    /// A client certificate (TLS client auth) signed by this CA for <paramref name="commonName"/>, in the organizations
    /// given (what Kubernetes reads as user and groups); written as NAME.crt and NAME.key (0600) beside the CA.
    /// </summary>
    public (string CertificatePath, string KeyPath) IssueClientCertificate(string commonName, params string[] organizations)
    {
        var directory = Path.GetDirectoryName(CaCertificatePath)!;
        using var ca = X509Certificate2.CreateFromPemFile(CaCertificatePath, Path.Combine(directory, CaKeyFileName));
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var subject = string.Concat(organizations.Select(o => $"O={o}, ")) + $"CN={commonName}";
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.2")], false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(ca, true, false));
        var serial = RandomNumberGenerator.GetBytes(12);
        serial[0] &= 0x7f;
        var notBefore = DateTimeOffset.UtcNow.AddDays(-1);
        using var certificate = request.Create(ca, notBefore, notBefore.AddDays(29), serial);
        var name = string.Concat(commonName.Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-'));
        var certPath = Path.Combine(directory, $"client-{name}.crt");
        var keyPath = Path.Combine(directory, $"client-{name}.key");
        File.WriteAllText(certPath, certificate.ExportCertificatePem() + "\n");
        WritePrivate(keyPath, key.ExportPkcs8PrivateKeyPem() + "\n");
        return (certPath, keyPath);
    }

    private static void WritePrivate(string path, string pem)
    {
        using (File.Create(path, 1, FileOptions.None)) { }
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.WriteAllText(path, pem);
    }
}

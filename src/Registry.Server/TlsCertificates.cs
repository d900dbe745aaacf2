using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Gravity.Core;

namespace Gravity.Registry.Server;

/// <summary>Server certificates: from PEM files, or self-signed for development (generated once, kept in the data folder).</summary>
public static class TlsCertificates
{
    public const string SelfSignedCertFile = "self-signed.crt";
    public const string SelfSignedKeyFile = "self-signed.key";

    public static X509Certificate2 LoadPem(string certPath, string keyPath)
    {
        try
        {
            using var pem = X509Certificate2.CreateFromPemFile(certPath, keyPath);
            // Re-import as PKCS#12 so the key is usable by the TLS stack on every platform.
            return X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
        }
        catch (Exception ex) when (ex is CryptographicException or IOException)
        {
            throw new GravityException($"cannot load TLS certificate {certPath} with key {keyPath}: {ex.Message}");
        }
    }

    /// <summary>
    /// The self-signed certificate of <paramref name="tlsDir"/>, created on first use for localhost, 127.0.0.1 and ::1
    /// (plus <paramref name="extraAddress"/>). Clients trust it via tlsDir/self-signed.crt (e.g. skopeo --dest-cert-dir
    /// with the file copied as ca.crt).
    /// </summary>
    public static async Task<X509Certificate2> SelfSignedAsync(string tlsDir, IPAddress? extraAddress = null)
    {
        var certPath = Path.Combine(tlsDir, SelfSignedCertFile);
        var keyPath = Path.Combine(tlsDir, SelfSignedKeyFile);
        if (File.Exists(certPath) && File.Exists(keyPath)) return LoadPem(certPath, keyPath);
        Directory.CreateDirectory(tlsDir);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=gravity-registry", key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName("localhost");
        san.AddIpAddress(IPAddress.Loopback);
        san.AddIpAddress(IPAddress.IPv6Loopback);
        if (extraAddress is not null && !extraAddress.Equals(IPAddress.Any) && !IPAddress.IsLoopback(extraAddress)) san.AddIpAddress(extraAddress);
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyCertSign, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using var cert = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddYears(1));
        await AtomicFile.WriteAllTextAsync(keyPath, key.ExportPkcs8PrivateKeyPem(), UnixFileMode.UserRead | UnixFileMode.UserWrite);
        await AtomicFile.WriteAllTextAsync(certPath, cert.ExportCertificatePem());
        return LoadPem(certPath, keyPath);
    }
}

using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Gravity.Core;

namespace Gravity.Cluster.Certificates;

/// <summary>
/// The cluster's certificate authority and this node's certificate, as PEM files under &lt;state-dir&gt;/secrets
/// (folder 0700, keys 0600). The node certificate serves the agent API, the health endpoint, etcd and the cluster
/// registry, and is the client certificate the node's own clients of etcd and the registry present.
/// </summary>
public sealed class ClusterPki
{
    public const string LeaderName = "leader.telekube.local";
    private static readonly UnixFileMode KeyMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private static readonly UnixFileMode CertMode = KeyMode | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    public ClusterPki(string stateDir) => SecretsDir = new Nodes.StateFolder(stateDir).Secrets;

    private ClusterPki(string secretsDir, bool _) => SecretsDir = secretsDir;

    /// <summary>The same files in another folder (the services' copies, see Runtime.ServiceCredentials).</summary>
    public static ClusterPki InFolder(string secretsDir) => new(secretsDir, true);

    public string SecretsDir { get; }
    public string CaCertPath => Path.Combine(SecretsDir, "ca.pem");
    public string CaKeyPath => Path.Combine(SecretsDir, "ca-key.pem");
    public string NodeCertPath => Path.Combine(SecretsDir, "node.pem");
    public string NodeKeyPath => Path.Combine(SecretsDir, "node-key.pem");

    /// <summary>The node's certificate, key and the cluster CA: what root-side servers and clients (the agent, the installer, containerd) use.</summary>
    public TlsFiles NodeTls => new(NodeCertPath, NodeKeyPath, CaCertPath);

    public bool HasCertificateAuthority => File.Exists(CaCertPath) && File.Exists(CaKeyPath);

    /// <summary>Creates the CA unless it exists (idempotent: an install phase may run again).</summary>
    public async Task EnsureCertificateAuthorityAsync(string clusterName, CancellationToken ct = default)
    {
        // A certificate without its key is a regular node's copy of the cluster's CA (see SaveJoinedAsync): never replaced.
        if (HasCertificateAuthority || File.Exists(CaCertPath)) return;
        PrepareFolder();
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={clusterName} cluster CA, O=gravity", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 1, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign | X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        var now = DateTimeOffset.UtcNow;
        using var ca = request.CreateSelfSigned(now.AddMinutes(-5), now.AddYears(10));
        // Key first: a certificate without its key would make HasCertificateAuthority lie after a crash.
        await AtomicFile.WriteAllTextAsync(CaKeyPath, key.ExportPkcs8PrivateKeyPem(), KeyMode);
        await AtomicFile.WriteAllTextAsync(CaCertPath, ca.ExportCertificatePem(), CertMode);
    }

    /// <summary>Issues the node certificate unless one exists for the same names and addresses (so `gravity start --advertise-addr` regenerates it).</summary>
    public async Task EnsureNodeCertificateAsync(string nodeName, string advertiseAddr, IEnumerable<string>? extraNames = null, CancellationToken ct = default)
    {
        var names = SubjectNames(nodeName, advertiseAddr, extraNames);
        using (var existing = ReadPair(NodeTls))
            if (existing is not null && existing.NotAfter > DateTime.UtcNow.AddDays(30) && SanSet(existing).SetEquals(names.Select(n => n.ToLowerInvariant()))) return;
        await IssueNodeCertificateAsync(nodeName, names, ct);
    }

    /// <summary>
    /// The certificate of <paramref name="files"/> when it and its key are both there, readable and belong together;
    /// null otherwise, so that it is issued again: the key is written before the certificate, and a kill between the two
    /// leaves a new key beside the old certificate, which no freshness check of the certificate alone would notice.
    /// </summary>
    internal static X509Certificate2? ReadPair(TlsFiles files)
    {
        if (!File.Exists(files.CertPath) || !File.Exists(files.KeyPath)) return null;
        try
        {
            return X509Certificate2.CreateFromPemFile(files.CertPath, files.KeyPath);
        }
        catch (Exception ex) when (ex is CryptographicException or ArgumentException)
        {
            return null;
        }
    }

    private async Task IssueNodeCertificateAsync(string nodeName, IReadOnlyList<string> names, CancellationToken ct)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var certPem = SignNodeCertificate(nodeName, names, new CertificateRequest($"CN={nodeName}, O=gravity", key, HashAlgorithmName.SHA256).PublicKey);
        await AtomicFile.WriteAllTextAsync(NodeKeyPath, key.ExportPkcs8PrivateKeyPem(), KeyMode);
        await AtomicFile.WriteAllTextAsync(NodeCertPath, certPem, CertMode);
    }

    /// <summary>
    /// The certificate of a joining node, for the key of its certificate signing request: the names and usages are this
    /// CA's choice (the node's name and advertise address, the standard names), never what the request asks for.
    /// </summary>
    /// <param name="hostName">The joining machine's host name (its own certificate would carry it too, so its agent keeps this one).</param>
    public string SignJoiningNode(string csrPem, string nodeName, string advertiseAddr, string hostName)
    {
        var csr = ReadSigningRequest(csrPem, nodeName);
        return SignNodeCertificate(nodeName, SubjectNames(nodeName, advertiseAddr, [hostName], includeHostName: false), csr.PublicKey);
    }

    /// <summary>A joining node's certificate signing request, its signature checked (only its key is used).</summary>
    public static CertificateRequest ReadSigningRequest(string csrPem, string nodeName)
    {
        try
        {
            return CertificateRequest.LoadSigningRequestPem(csrPem, HashAlgorithmName.SHA256, CertificateRequestLoadOptions.Default);
        }
        catch (CryptographicException ex)
        {
            throw new GravityException($"the certificate signing request of node {nodeName} cannot be read: {ex.Message}", ex);
        }
    }

    /// <summary>Writes the certificates a joining node received from the cluster (its key was made here, in <paramref name="keyPem"/>).</summary>
    public async Task SaveJoinedAsync(string caPem, string? caKeyPem, string certPem, string keyPem)
    {
        PrepareFolder();
        if (caKeyPem is not null) await AtomicFile.WriteAllTextAsync(CaKeyPath, caKeyPem, KeyMode);
        await AtomicFile.WriteAllTextAsync(CaCertPath, caPem, CertMode);
        await AtomicFile.WriteAllTextAsync(NodeKeyPath, keyPem, KeyMode);
        await AtomicFile.WriteAllTextAsync(NodeCertPath, certPem, CertMode);
    }

    public bool HasNodeCertificate => File.Exists(CaCertPath) && File.Exists(NodeCertPath) && File.Exists(NodeKeyPath);

    private string SignNodeCertificate(string nodeName, IReadOnlyList<string> names, PublicKey publicKey)
        // No common name: etcd takes a client certificate's CN for a user name, and its gRPC proxy (a regular node's etcd)
        // refuses to run with one; the SANs name the node.
        => SignCertificate(new X500DistinguishedName($"OU={nodeName}, O=gravity"), names, publicKey, serverAuth: true, clientAuth: true);

    /// <summary>
    /// A certificate of this CA (five years, never past the CA's own end) for <paramref name="subject"/>, the DNS names
    /// and IP addresses in <paramref name="names"/>, and the usages asked for.
    /// </summary>
    public string SignCertificate(X500DistinguishedName subject, IEnumerable<string> names, PublicKey publicKey, bool serverAuth, bool clientAuth)
    {
        if (!HasCertificateAuthority) throw new GravityException($"no cluster CA in {SecretsDir}: create it before issuing certificates");
        using var ca = LoadCertificateAuthority();
        using var caKey = ca.GetECDsaPrivateKey() ?? throw new GravityException($"{CaKeyPath} holds no ECDSA key");
        var request = new CertificateRequest(subject, publicKey, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        var any = false;
        foreach (var name in names)
        {
            if (IPAddress.TryParse(name, out var ip)) san.AddIpAddress(ip); else san.AddDnsName(name);
            any = true;
        }
        if (any) request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyAgreement, true));
        var usages = new OidCollection();
        if (serverAuth) usages.Add(new Oid("1.3.6.1.5.5.7.3.1"));
        if (clientAuth) usages.Add(new Oid("1.3.6.1.5.5.7.3.2"));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(usages, false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(ca, includeKeyIdentifier: true, includeIssuerAndSerial: false));
        var now = DateTimeOffset.UtcNow;
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F;
        using var cert = request.Create(ca.SubjectName, X509SignatureGenerator.CreateForECDsa(caKey), now.AddMinutes(-5),
            Min(now.AddYears(5), ca.NotAfter), serial);
        return cert.ExportCertificatePem();
    }

    public X509Certificate2 LoadCertificateAuthority() => X509Certificate2.CreateFromPemFile(CaCertPath, CaKeyPath);

    public X509Certificate2 LoadCaCertificate() => X509Certificate2.CreateFromPem(File.ReadAllText(CaCertPath));

    /// <summary>The node certificate with its private key, for a TLS server.</summary>
    public X509Certificate2 LoadNodeCertificate() => X509Certificate2.CreateFromPemFile(NodeCertPath, NodeKeyPath);

    /// <param name="includeHostName">This machine's host name: not for a certificate signed for another machine.</param>
    public static IReadOnlyList<string> SubjectNames(string nodeName, string advertiseAddr, IEnumerable<string>? extraNames, bool includeHostName = true)
    {
        var names = new List<string> { advertiseAddr, "127.0.0.1", "localhost", includeHostName ? Environment.MachineName : "", nodeName, LeaderName };
        if (extraNames is not null) names.AddRange(extraNames);
        return names.Where(n => !string.IsNullOrWhiteSpace(n)).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
    }

    public static HashSet<string> SanSet(X509Certificate2 cert)
    {
        var set = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var ext in cert.Extensions.OfType<X509SubjectAlternativeNameExtension>())
        {
            foreach (var dns in ext.EnumerateDnsNames()) set.Add(dns.ToLowerInvariant());
            foreach (var ip in ext.EnumerateIPAddresses()) set.Add(ip.ToString());
        }
        return set;
    }

    private void PrepareFolder()
    {
        Directory.CreateDirectory(SecretsDir);
        File.SetUnixFileMode(SecretsDir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    private static DateTimeOffset Min(DateTimeOffset a, DateTime b) => a.UtcDateTime < b.ToUniversalTime() ? a : new DateTimeOffset(b.ToUniversalTime());
}

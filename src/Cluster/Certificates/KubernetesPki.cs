using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Gravity.Core;

namespace Gravity.Cluster.Certificates;

/// <summary>
/// The certificates and keys of a master's Kubernetes components, issued by the cluster CA into secrets/kubernetes
/// (root's alone, keys 0600): the API server's serving certificate, the client certificates of the admin (group
/// system:masters), the kubelet (system:node:NAME in system:nodes), the controller-manager, the scheduler, kube-proxy
/// and the API server's own client of kubelets, and the service-account signing key. A certificate is issued again
/// when it is missing, names other subjects or addresses, or ends within 30 days.
/// </summary>
public sealed class KubernetesPki(ClusterPki cluster)
{
    private const UnixFileMode KeyMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode CertMode = KeyMode | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    public const string AdminUser = "admin";
    public const string MastersGroup = "system:masters";
    public const string NodesGroup = "system:nodes";

    public ClusterPki Cluster { get; } = cluster;
    public string Dir => Path.Combine(Cluster.SecretsDir, "kubernetes");

    public TlsFiles ApiServer => Files("apiserver");
    public TlsFiles ApiServerKubeletClient => Files("apiserver-kubelet-client");
    public TlsFiles Admin => Files("admin");
    public TlsFiles Kubelet => Files("kubelet");
    public TlsFiles ControllerManager => Files("controller-manager");
    public TlsFiles Scheduler => Files("scheduler");
    public TlsFiles KubeProxy => Files("kube-proxy");
    /// <summary>The service-account token signing key (private, PKCS#8) and its public key (what the API server verifies with).</summary>
    public string ServiceAccountKeyPath => Path.Combine(Dir, "sa-key.pem");
    public string ServiceAccountPublicKeyPath => Path.Combine(Dir, "sa.pub");

    private TlsFiles Files(string name) => new(Path.Combine(Dir, $"{name}.pem"), Path.Combine(Dir, $"{name}-key.pem"), Cluster.CaCertPath);

    /// <summary>The names the API server's certificate carries: the node's (its advertise address, 127.0.0.1, localhost...) and the in-cluster ones.</summary>
    public static IReadOnlyList<string> ApiServerNames(string nodeName, string advertiseAddr, string serviceCidr, string clusterDomain)
        => ClusterPki.SubjectNames(nodeName, advertiseAddr,
            ["kubernetes", "kubernetes.default", "kubernetes.default.svc", $"kubernetes.default.svc.{clusterDomain}", FirstServiceAddress(serviceCidr)]);

    /// <summary>The API's service IP: the first address of the service network (10.100.0.1 of 10.100.0.0/16).</summary>
    public static string FirstServiceAddress(string serviceCidr)
    {
        var network = IPNetwork.Parse(serviceCidr);
        var bytes = network.BaseAddress.GetAddressBytes();
        bytes[^1] |= 1;
        return new IPAddress(bytes).ToString();
    }

    /// <summary>Issues what is missing or stale; a master only (it needs the CA key).</summary>
    public async Task EnsureAsync(string nodeName, string advertiseAddr, string serviceCidr = NodeDefaults.ServiceCidr, string clusterDomain = NodeDefaults.ClusterDomain)
    {
        if (!Cluster.HasCertificateAuthority) throw new GravityException($"no cluster CA key in {Cluster.SecretsDir}: only a master issues the Kubernetes certificates");
        Directory.CreateDirectory(Dir);
        File.SetUnixFileMode(Dir, KeyMode | UnixFileMode.UserExecute);
        await EnsureAsync(ApiServer, "CN=kube-apiserver", ApiServerNames(nodeName, advertiseAddr, serviceCidr, clusterDomain), serverAuth: true);
        await EnsureAsync(ApiServerKubeletClient, $"CN=kube-apiserver-kubelet-client, O={MastersGroup}", [], serverAuth: false);
        await EnsureAsync(Admin, $"CN={AdminUser}, O={MastersGroup}", [], serverAuth: false);
        await EnsureAsync(Kubelet, KubeletSubject(nodeName), [], serverAuth: false);
        await EnsureAsync(ControllerManager, "CN=system:kube-controller-manager", [], serverAuth: false);
        await EnsureAsync(Scheduler, "CN=system:kube-scheduler", [], serverAuth: false);
        await EnsureAsync(KubeProxy, KubeProxySubject, [], serverAuth: false);
        await EnsureServiceAccountKeyAsync();
    }

    /// <summary>
    /// The kubelet's and kube-proxy's client certificates of a regular node that is joining (it has no CA key), for the
    /// keys in its requests. The subjects come from the node's admission, never from the request: a joining node cannot
    /// ask to be another node or a member of system:masters.
    /// </summary>
    public (string KubeletCertPem, string KubeProxyCertPem) SignJoiningNode(string nodeName, string kubeletCsrPem, string kubeProxyCsrPem)
        => (Cluster.SignCertificate(new X500DistinguishedName(KubeletSubject(nodeName)), [], ClusterPki.ReadSigningRequest(kubeletCsrPem, nodeName).PublicKey, serverAuth: false, clientAuth: true),
            Cluster.SignCertificate(new X500DistinguishedName(KubeProxySubject), [], ClusterPki.ReadSigningRequest(kubeProxyCsrPem, nodeName).PublicKey, serverAuth: false, clientAuth: true));

    /// <summary>Writes a certificate this node received from the cluster with the key made here (a joining regular node's kubelet and kube-proxy).</summary>
    public async Task SaveIssuedAsync(TlsFiles files, string certPem, string keyPem)
    {
        Directory.CreateDirectory(Dir);
        File.SetUnixFileMode(Dir, KeyMode | UnixFileMode.UserExecute);
        await AtomicFile.WriteAllTextAsync(files.KeyPath, keyPem, KeyMode);
        await AtomicFile.WriteAllTextAsync(files.CertPath, certPem, CertMode);
    }

    public static string KubeletSubject(string nodeName) => $"CN=system:node:{nodeName}, O={NodesGroup}";
    public const string KubeProxySubject = "CN=system:kube-proxy";

    private async Task EnsureAsync(TlsFiles files, string subject, IReadOnlyList<string> names, bool serverAuth)
    {
        var dn = new X500DistinguishedName(subject);
        using (var existing = ClusterPki.ReadPair(files))
            if (existing is not null && existing.NotAfter > DateTime.UtcNow.AddDays(30) && existing.SubjectName.Name == dn.Name
                && ClusterPki.SanSet(existing).SetEquals(names.Select(n => n.ToLowerInvariant()))) return;
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var pem = Cluster.SignCertificate(dn, names, new CertificateRequest(dn, key, HashAlgorithmName.SHA256).PublicKey, serverAuth, clientAuth: true);
        await AtomicFile.WriteAllTextAsync(files.KeyPath, key.ExportPkcs8PrivateKeyPem(), KeyMode);
        await AtomicFile.WriteAllTextAsync(files.CertPath, pem, CertMode);
    }

    /// <summary>
    /// The service-account key is derived from the CA key (HKDF), not drawn at random: every master holds the CA key, so
    /// every master's API server signs and verifies tokens with the same key without one more secret to hand to joining
    /// masters; and it is not the CA key itself.
    /// </summary>
    private async Task EnsureServiceAccountKeyAsync()
    {
        using var key = DeriveServiceAccountKey(await File.ReadAllTextAsync(Cluster.CaKeyPath));
        var privatePem = key.ExportPkcs8PrivateKeyPem();
        if (!File.Exists(ServiceAccountKeyPath) || await File.ReadAllTextAsync(ServiceAccountKeyPath) != privatePem)
            await AtomicFile.WriteAllTextAsync(ServiceAccountKeyPath, privatePem, KeyMode);
        await AtomicFile.WriteAllTextAsync(ServiceAccountPublicKeyPath, key.ExportSubjectPublicKeyInfoPem(), CertMode);
    }

    public static ECDsa DeriveServiceAccountKey(string caKeyPem)
    {
        using var ca = ECDsa.Create();
        ca.ImportFromPem(caKeyPem);
        var secret = ca.ExportParameters(includePrivateParameters: true).D!;
        for (var counter = 0; ; counter++)
        {
            var d = HKDF.DeriveKey(HashAlgorithmName.SHA256, secret, 32, info: Encoding.ASCII.GetBytes($"gravity service-account signing key {counter}"));
            try
            {
                return ECDsa.Create(new ECParameters { Curve = ECCurve.NamedCurves.nistP256, D = d });
            }
            catch (CryptographicException) when (counter < 8) { } // d outside [1, n-1]: about one in 2^32
        }
    }
}

using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Gravity.Cluster.Certificates;
using Gravity.Testing;

namespace Gravity.Cluster.Tests.Certificates;

public sealed class KubernetesPkiTests
{
    private static async Task<KubernetesPki> IssueAsync(TempDir dir, string advertise = "10.1.2.3")
    {
        var cluster = new ClusterPki(dir.Path);
        await cluster.EnsureCertificateAuthorityAsync("prod");
        var pki = new KubernetesPki(cluster);
        await pki.EnsureAsync("node-1", advertise);
        return pki;
    }

    private static X509Certificate2 Load(TlsFiles files) => X509Certificate2.CreateFromPem(File.ReadAllText(files.CertPath));

    [Fact]
    public async Task The_api_server_certificate_names_the_node_and_the_in_cluster_service_and_chains_to_the_cluster_ca()
    {
        using var dir = new TempDir();
        var pki = await IssueAsync(dir);
        using var cert = Load(pki.ApiServer);
        var san = cert.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single();
        san.EnumerateIPAddresses().Select(ip => ip.ToString()).Should().Contain(["10.1.2.3", "127.0.0.1", "10.100.0.1"]);
        san.EnumerateDnsNames().Should().Contain(["kubernetes", "kubernetes.default", "kubernetes.default.svc", "kubernetes.default.svc.cluster.local", "localhost", ClusterPki.LeaderName]);
        cert.GetNameInfo(X509NameType.SimpleName, false).Should().Be("kube-apiserver");
        using var ca = pki.Cluster.LoadCaCertificate();
        ClusterTrust.ChainsTo(ca, cert, SslPolicyErrors.None).Should().BeTrue();
    }

    [Fact]
    public async Task Client_certificates_carry_the_users_and_groups_kubernetes_authorizes_and_keys_are_private()
    {
        using var dir = new TempDir();
        var pki = await IssueAsync(dir);
        foreach (var (files, subject) in new[]
                 {
                     (pki.Admin, "CN=admin, O=system:masters"),
                     (pki.Kubelet, "CN=system:node:node-1, O=system:nodes"),
                     (pki.ControllerManager, "CN=system:kube-controller-manager"),
                     (pki.Scheduler, "CN=system:kube-scheduler"),
                     (pki.KubeProxy, "CN=system:kube-proxy"),
                     (pki.ApiServerKubeletClient, "CN=kube-apiserver-kubelet-client, O=system:masters"),
                 })
        {
            using var cert = Load(files);
            cert.SubjectName.Name.Should().Be(new X500DistinguishedName(subject).Name);
            cert.Extensions.OfType<X509EnhancedKeyUsageExtension>().Single().EnhancedKeyUsages.Cast<Oid>().Select(o => o.Value).Should().Contain("1.3.6.1.5.5.7.3.2");
            File.GetUnixFileMode(files.KeyPath).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
        File.GetUnixFileMode(pki.ServiceAccountKeyPath).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.GetUnixFileMode(pki.Dir).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    [Fact]
    public async Task Issuing_again_keeps_what_is_current_and_reissues_the_api_server_certificate_for_a_new_address()
    {
        using var dir = new TempDir();
        var pki = await IssueAsync(dir);
        var admin = File.ReadAllText(pki.Admin.CertPath);
        var server = File.ReadAllText(pki.ApiServer.CertPath);

        await pki.EnsureAsync("node-1", "10.1.2.3");
        File.ReadAllText(pki.Admin.CertPath).Should().Be(admin);
        File.ReadAllText(pki.ApiServer.CertPath).Should().Be(server);

        await pki.EnsureAsync("node-1", "10.9.9.9");
        File.ReadAllText(pki.Admin.CertPath).Should().Be(admin);
        using var cert = Load(pki.ApiServer);
        cert.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single().EnumerateIPAddresses().Select(ip => ip.ToString()).Should().Contain("10.9.9.9").And.NotContain("10.1.2.3");
    }

    [Fact]
    public async Task A_key_that_does_not_match_its_certificate_or_a_damaged_certificate_is_issued_again()
    {
        // A kill between writing the new key and its certificate leaves this pair; the API server could never start on it.
        using var dir = new TempDir();
        var pki = await IssueAsync(dir);
        using (var other = ECDsa.Create(ECCurve.NamedCurves.nistP256))
            await File.WriteAllTextAsync(pki.ApiServer.KeyPath, other.ExportPkcs8PrivateKeyPem());
        await File.WriteAllTextAsync(pki.Admin.CertPath, "-----BEGIN CERTIFICATE-----\ndamaged\n-----END CERTIFICATE-----\n");

        await pki.EnsureAsync("node-1", "10.1.2.3");

        using var server = X509Certificate2.CreateFromPemFile(pki.ApiServer.CertPath, pki.ApiServer.KeyPath);
        using var admin = X509Certificate2.CreateFromPemFile(pki.Admin.CertPath, pki.Admin.KeyPath);
        admin.Subject.Should().Contain("CN=admin");
    }

    [Fact]
    public async Task Every_master_with_the_cluster_ca_key_derives_the_same_service_account_key_which_is_not_the_ca_key()
    {
        using var first = new TempDir();
        using var second = new TempDir();
        var a = await IssueAsync(first);
        // A joining master receives the CA (and its key): its API server must verify the first master's tokens.
        var joined = new ClusterPki(second.Path);
        await joined.SaveJoinedAsync(File.ReadAllText(a.Cluster.CaCertPath), File.ReadAllText(a.Cluster.CaKeyPath), File.ReadAllText(a.Admin.CertPath), File.ReadAllText(a.Admin.KeyPath));
        var b = new KubernetesPki(joined);
        await b.EnsureAsync("node-2", "10.1.2.4");

        File.ReadAllText(b.ServiceAccountKeyPath).Should().Be(File.ReadAllText(a.ServiceAccountKeyPath));
        File.ReadAllText(b.ServiceAccountPublicKeyPath).Should().Be(File.ReadAllText(a.ServiceAccountPublicKeyPath));

        using var sa = ECDsa.Create();
        sa.ImportFromPem(File.ReadAllText(a.ServiceAccountKeyPath));
        using var ca = ECDsa.Create();
        ca.ImportFromPem(File.ReadAllText(a.Cluster.CaKeyPath));
        sa.ExportParameters(true).D.Should().NotEqual(ca.ExportParameters(true).D);
        var signature = sa.SignData("token"u8, HashAlgorithmName.SHA256);
        using var pub = ECDsa.Create();
        pub.ImportFromPem(File.ReadAllText(a.ServiceAccountPublicKeyPath));
        pub.VerifyData("token"u8, signature, HashAlgorithmName.SHA256).Should().BeTrue();
    }

    [Fact]
    public async Task A_regular_node_without_the_ca_key_issues_nothing()
    {
        using var master = new TempDir();
        using var regular = new TempDir();
        var a = await IssueAsync(master);
        var node = new ClusterPki(regular.Path);
        await node.SaveJoinedAsync(File.ReadAllText(a.Cluster.CaCertPath), null, File.ReadAllText(a.Admin.CertPath), File.ReadAllText(a.Admin.KeyPath));
        var act = () => new KubernetesPki(node).EnsureAsync("node-2", "10.1.2.4");
        await act.Should().ThrowAsync<Gravity.Core.GravityException>().WithMessage("*only a master*");
    }
}

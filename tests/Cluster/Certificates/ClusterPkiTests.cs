using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Gravity.Cluster.Certificates;
using Gravity.Testing;

namespace Gravity.Cluster.Tests.Certificates;

public class ClusterPkiTests
{
    private static readonly UnixFileMode OwnerReadWrite = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    [Fact]
    public async Task Creates_a_CA_and_a_node_certificate_with_private_files()
    {
        using var dir = new TempDir();
        var pki = new ClusterPki(dir.Path);
        await pki.EnsureCertificateAuthorityAsync("prod");
        await pki.EnsureNodeCertificateAsync("node-1", "10.1.2.3");

        File.GetUnixFileMode(pki.SecretsDir).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        File.GetUnixFileMode(pki.CaKeyPath).Should().Be(OwnerReadWrite);
        File.GetUnixFileMode(pki.NodeKeyPath).Should().Be(OwnerReadWrite);
        File.ReadAllText(pki.NodeCertPath).Should().StartWith("-----BEGIN CERTIFICATE-----");

        using var node = pki.LoadNodeCertificate();
        node.HasPrivateKey.Should().BeTrue();
        node.GetECDsaPublicKey()!.KeySize.Should().Be(256);
        var san = node.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single();
        san.EnumerateIPAddresses().Select(ip => ip.ToString()).Should().Contain(["10.1.2.3", "127.0.0.1"]);
        san.EnumerateDnsNames().Should().Contain([ClusterPki.LeaderName, "node-1", Environment.MachineName]);

        using var ca = pki.LoadCaCertificate();
        ClusterTrust.ChainsTo(ca, node, SslPolicyErrors.None).Should().BeTrue();
    }

    [Fact]
    public async Task A_certificate_from_another_CA_is_not_trusted()
    {
        using var a = new TempDir();
        using var b = new TempDir();
        var pkiA = new ClusterPki(a.Path);
        var pkiB = new ClusterPki(b.Path);
        await pkiA.EnsureCertificateAuthorityAsync("a");
        await pkiB.EnsureCertificateAuthorityAsync("b");
        await pkiB.EnsureNodeCertificateAsync("node-1", "127.0.0.1");

        using var caA = pkiA.LoadCaCertificate();
        using var nodeB = pkiB.LoadNodeCertificate();
        ClusterTrust.ChainsTo(caA, nodeB, SslPolicyErrors.None).Should().BeFalse();
    }

    [Fact]
    public async Task Ensuring_again_keeps_the_files_and_a_new_address_reissues_the_node_certificate()
    {
        using var dir = new TempDir();
        var pki = new ClusterPki(dir.Path);
        await pki.EnsureCertificateAuthorityAsync("prod");
        await pki.EnsureNodeCertificateAsync("node-1", "10.0.0.1");
        var ca = File.ReadAllText(pki.CaCertPath);
        var node = File.ReadAllText(pki.NodeCertPath);

        await pki.EnsureCertificateAuthorityAsync("prod");
        await pki.EnsureNodeCertificateAsync("node-1", "10.0.0.1");
        File.ReadAllText(pki.CaCertPath).Should().Be(ca);
        File.ReadAllText(pki.NodeCertPath).Should().Be(node);

        await pki.EnsureNodeCertificateAsync("node-1", "10.0.0.2");
        File.ReadAllText(pki.NodeCertPath).Should().NotBe(node);
        using var reissued = pki.LoadNodeCertificate();
        reissued.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single()
            .EnumerateIPAddresses().Select(ip => ip.ToString()).Should().Contain("10.0.0.2").And.NotContain("10.0.0.1");
    }
}

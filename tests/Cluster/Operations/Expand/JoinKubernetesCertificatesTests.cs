using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Gravity.Cluster.Certificates;
using Gravity.Cluster.Nodes;
using Gravity.Cluster.Operations.Expand;
using Gravity.Cluster.Plans;
using Gravity.Cluster.State;
using Gravity.Cluster.Tests.Etcd;
using Gravity.Testing;

namespace Gravity.Cluster.Tests.Operations.Expand;

/// <summary>
/// A regular node has no CA key, so the cluster signs its kubelet's and kube-proxy's client certificates at join, with
/// subjects from its admission whatever its requests say (real etcd holds the admission).
/// </summary>
public sealed class JoinKubernetesCertificatesTests
{
    private static string Csr(string subject) =>
        new CertificateRequest(subject, ECDsa.Create(ECCurve.NamedCurves.nistP256), HashAlgorithmName.SHA256).CreateSigningRequestPem();

    private static async Task<(JoinService, string OperationId)> AdmittedAsync(TempDir dir, EtcdProcess etcd, bool master)
    {
        using var client = etcd.Client();
        await new ClusterPki(dir.Path).EnsureCertificateAuthorityAsync("prod");
        var node = new NodeSettings { StateDir = dir.Path, ClusterName = "prod", NodeName = "node-1", AdvertiseAddr = "10.0.0.1", Role = "worker", GravityBinary = "/bin/true" };
        var operationId = Guid.NewGuid().ToString();
        var grant = new ExpandGrant(operationId, "node-2", "10.0.0.2", "node-2", "worker", master, JoinProof.Hash("operation-token"), DateTimeOffset.UtcNow.AddHours(1), null);
        await client.PutAsync(ExpandGrant.KeyOf(operationId), JsonSerializer.Serialize(grant, PlanJson.Options));
        return (new JoinService(node, etcd.Client, TimeProvider.System), operationId);
    }

    [Fact]
    public async Task A_regular_node_gets_its_kubelet_and_kube_proxy_certificates_as_itself_even_when_it_asks_for_more()
    {
        using var dir = new TempDir("join-kube-certs");
        await using var etcd = await EtcdProcess.StartAsync();
        var (service, operationId) = await AdmittedAsync(dir, etcd, master: false);

        // A hostile joiner asks to be another node and a member of system:masters.
        var signed = await service.SignAsync(operationId, "operation-token",
            new JoinCertificateRequest(Csr("CN=node-2, O=gravity"), Csr("CN=system:node:node-1, O=system:masters"), Csr("CN=admin, O=system:masters")), CancellationToken.None);

        signed.CaKeyPem.Should().BeNull();
        using var ca = X509Certificate2.CreateFromPem(await File.ReadAllTextAsync(new ClusterPki(dir.Path).CaCertPath));
        using var kubelet = X509Certificate2.CreateFromPem(signed.KubeletCertPem!);
        using var proxy = X509Certificate2.CreateFromPem(signed.KubeProxyCertPem!);
        kubelet.SubjectName.Name.Should().Be(new X500DistinguishedName(KubernetesPki.KubeletSubject("node-2")).Name).And.NotContain("system:masters");
        proxy.SubjectName.Name.Should().Be(new X500DistinguishedName(KubernetesPki.KubeProxySubject).Name);
        kubelet.Issuer.Should().Be(ca.Subject);
        kubelet.Extensions.OfType<X509EnhancedKeyUsageExtension>().Single().EnhancedKeyUsages.Cast<Oid>().Select(o => o.Value).Should().Equal("1.3.6.1.5.5.7.3.2");
        using var chain = new X509Chain { ChainPolicy = { TrustMode = X509ChainTrustMode.CustomRootTrust, RevocationMode = X509RevocationMode.NoCheck } };
        chain.ChainPolicy.CustomTrustStore.Add(ca);
        chain.Build(kubelet).Should().BeTrue("the API server trusts the cluster CA's client certificates");
    }

    [Fact]
    public async Task A_master_issues_its_own_and_a_request_with_a_forged_signature_is_refused()
    {
        using var dir = new TempDir("join-kube-certs");
        await using var etcd = await EtcdProcess.StartAsync();
        var (service, operationId) = await AdmittedAsync(dir, etcd, master: true);

        var signed = await service.SignAsync(operationId, "operation-token", new JoinCertificateRequest(Csr("CN=node-2, O=gravity"), Csr("CN=x"), Csr("CN=y")), CancellationToken.None);
        signed.CaKeyPem.Should().NotBeNull();
        signed.KubeletCertPem.Should().BeNull("a master signs its Kubernetes certificates itself with the CA key");

        var (regular, regularOperation) = await AdmittedAsync(dir, etcd, master: false);
        var csr = Csr("CN=system:node:node-2");
        var body = csr.Split('\n').Where(l => !l.StartsWith("-----", StringComparison.Ordinal)).Aggregate("", (a, l) => a + l.Trim());
        var bytes = Convert.FromBase64String(body);
        bytes[^3] ^= 0x55; // the signature no longer matches
        var forged = $"-----BEGIN CERTIFICATE REQUEST-----\n{Convert.ToBase64String(bytes)}\n-----END CERTIFICATE REQUEST-----\n";
        var act = () => regular.SignAsync(regularOperation, "operation-token", new JoinCertificateRequest(Csr("CN=node-2, O=gravity"), forged, Csr("CN=y")), CancellationToken.None);
        (await act.Should().ThrowAsync<Core.GravityException>()).Which.Message.Should().Contain("node-2").And.Contain("cannot be read");
    }
}

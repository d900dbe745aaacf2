using Gravity.Cluster.Certificates;
using Gravity.Cluster.Nodes;
using Gravity.Cluster.Runtime;
using Gravity.Cluster.Tests.Operations;
using Gravity.Testing;

namespace Gravity.Cluster.Tests.Runtime;

/// <summary>What the services that run as the service user get of root's secrets: their own three files, nothing else.</summary>
public sealed class ServiceCredentialsTests
{
    [Fact]
    public async Task Only_the_ca_certificate_and_the_node_certificate_and_key_are_copied_and_only_the_key_is_the_service_users()
    {
        using var dir = new TempDir();
        var pki = new ClusterPki(dir.Path);
        await pki.EnsureCertificateAuthorityAsync("example.com", CancellationToken.None);
        await pki.EnsureNodeCertificateAsync("node-1", "127.0.0.1", ct: CancellationToken.None);
        // A key some later feature keeps beside them (a signing key, another service's key) is root's alone.
        await File.WriteAllTextAsync(Path.Combine(pki.SecretsDir, "other-key.pem"), "not for the service user\n");
        var node = new NodeSettings
        {
            StateDir = dir.Path, ClusterName = "example.com", NodeName = "node-1", AdvertiseAddr = "127.0.0.1", Role = "worker",
            GravityBinary = "/bin/true", ServiceUid = 48219, ServiceGid = 48219,
        };
        var layout = new StateFolder(dir.Path);

        var copies = await ServiceCredentials.CopyAsync(node, pki, layout);

        Directory.EnumerateFiles(layout.ServiceSecrets).Select(Path.GetFileName).Should().BeEquivalentTo(["ca.pem", "node.pem", "node-key.pem"]);
        File.ReadAllBytes(copies.NodeKeyPath).Should().Equal(File.ReadAllBytes(pki.NodeKeyPath));
        var entries = await StateFolderEntry.ListAsync(dir.Path);
        entries.Single(e => e.RelativePath == "service-secrets/node-key.pem").Should().Match<StateFolderEntry>(e => e.Uid == 48219 && e.Mode == 0x180);
        entries.Single(e => e.RelativePath == "service-secrets/node.pem").Uid.Should().Be(0, "root writes the certificates; only the key must be readable by the service");
    }
}

using Gravity.Cluster.Certificates;
using Gravity.Cluster.Etcd;
using Gravity.Cluster.Nodes;
using Gravity.Cluster.Operations;
using Gravity.Cluster.Runtime;
using Gravity.Cluster.State;
using Gravity.Cluster.Tests.Etcd;
using Gravity.Cluster.Tests.Operations;
using Gravity.Core;
using Gravity.Oci.Registry;
using Gravity.Testing;

namespace Gravity.Cluster.Tests.Registry;

/// <summary>
/// `gravity upload` on a master of several: the images reach the registry of every other master recorded in etcd (a
/// real etcd and real `gravity registry serve` processes); one that cannot be reached fails the upload, named, after the
/// others were done; regular nodes run no registry and get nothing.
/// </summary>
public sealed class UploadToMastersTests
{
    [Fact]
    public async Task Upload_pushes_to_every_other_master_and_names_the_one_it_cannot_reach()
    {
        using var f = await InstallFixture.CreateAsync();
        var pki = new ClusterPki(f.StateDir);
        await pki.EnsureCertificateAuthorityAsync("test-cluster");
        await pki.EnsureNodeCertificateAsync("node-1", "127.0.0.1");
        var self = new NodeSettings
        {
            StateDir = f.StateDir, ClusterName = "test-cluster", NodeName = "node-1", AdvertiseAddr = "127.0.0.1", Role = "master",
            RegistryPort = f.RegistryPort, ServiceUid = InstallFixture.UnusedId, ServiceGid = InstallFixture.UnusedId, GravityBinary = "gravity",
        };
        await NodeAgentConfig.Of(self).SaveAsync();
        Directory.CreateDirectory(self.Folder.RegistryData);
        await using var local = await ClusterRegistryServer.StartAsync(pki, self.Folder.RegistryData, port: f.RegistryPort);
        await using var master2 = await ClusterRegistryServer.StartAsync(pki, Path.Combine(f.Root, "master2"));
        await using var regular = await ClusterRegistryServer.StartAsync(pki, Path.Combine(f.Root, "regular"));
        var unreachablePort = FreePort.Next();

        await using var etcd = await EtcdProcess.StartAsync();
        using var etcdClient = new EtcdGrpcClient(etcd.ClientOptions);
        var store = new ClusterStateStore(etcdClient);
        var joined = DateTimeOffset.UtcNow;
        await store.PutNodeAsync(new ClusterNode("node-1", "127.0.0.1", "master", joined, "healthy", RegistryPort: f.RegistryPort));
        await store.PutNodeAsync(new ClusterNode("node-2", "127.0.0.1", "master", joined, "healthy", RegistryPort: Port(master2)));
        await store.PutNodeAsync(new ClusterNode("node-3", "127.0.0.1", "master", joined, "healthy", RegistryPort: unreachablePort));
        await store.PutNodeAsync(new ClusterNode("node-4", "127.0.0.1", "worker", joined, "healthy", Master: false, RegistryPort: Port(regular)));
        var uploader = new ImageUploader(new NodeRuntime(), (_, ct) => store.ListNodesAsync(ct));

        var act = () => uploader.UploadAsync(f.ImageDir, f.StateDir);

        var failure = (await act.Should().ThrowAsync<GravityException>()).Which.Message;
        failure.Should().Contain($"node-3 (127.0.0.1:{unreachablePort})").And.Contain("gravity registry sync 127.0.0.1:" + f.RegistryPort)
            .And.NotContain("node-2");
        using var client = new RegistryClient(ClusterRegistryServer.NodeClientOptions(pki));
        var image = await UnpackedClusterImage.OpenAsync(f.ImageDir);
        foreach (var headImage in image.Head.Images)
        {
            var reference = Gravity.Oci.ImageReference.Parse(headImage.Rewritten);
            foreach (var registry in new[] { local, master2 })
                (await client.ResolveAsync(registry.Address, reference.Repository, reference.Tag!))?.Digest
                    .Should().Be(headImage.Digest, $"{reference.Repository}:{reference.Tag} is in the registry at {registry.Address}");
        }
        (await client.CatalogAsync(regular.Address)).Should().BeEmpty("a regular node runs no cluster registry");

        // Once the unreachable master is gone from the records, the upload completes.
        await store.RemoveNodeAsync("node-3");
        (await uploader.UploadAsync(f.ImageDir, f.StateDir)).Should().HaveCount(image.Head.Images.Count);
    }

    private static int Port(ClusterRegistryServer server) => int.Parse(server.Address.Split(':')[1]);
}

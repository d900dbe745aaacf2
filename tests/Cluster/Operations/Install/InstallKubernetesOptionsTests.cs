using Gravity.Cluster.Nodes;
using Gravity.Cluster.Operations;
using Gravity.Cluster.Operations.Install;
using Gravity.Cluster.State;
using Gravity.Cluster.Tests.Operations;
using Gravity.Testing;

namespace Gravity.Cluster.Tests.Operations.Install;

/// <summary>The install fixes the node profile's labels and taints and the manifest's systemOptions for Kubernetes into the node's settings.</summary>
[Collection(InstallCollection.Name)]
public sealed class InstallKubernetesOptionsTests
{
    private const string Manifest = $"""
        apiVersion: cluster.gravitational.io/v2
        kind: Cluster
        metadata:
          name: {TestClusterImage.AppName}
          resourceVersion: {TestClusterImage.AppVersion}
        installer:
          flavors:
            items:
              - name: single
                nodes:
                  - profile: worker
                    count: 1
        nodeProfiles:
          - name: worker
            description: test node
            labels:
              role: db
            taints:
              - key: node-role.kubernetes.io/master
                effect: NoSchedule
            systemOptions:
              kubelet:
                hairpinMode: none
        systemOptions:
          allowPrivileged: true
          kubelet:
            args: ["--max-pods=50"]
            hairpinMode: hairpin-veth
        """;

    [Fact]
    public async Task The_node_settings_carry_the_profiles_labels_and_taints_the_merged_kubelet_options_and_the_kubernetes_ports()
    {
        using var f = await InstallFixture.CreateAsync(Manifest);
        var ports = new KubernetesPorts { ApiServer = FreePort.Next() };
        await new Installer(new NodeRuntime()).InstallAsync(new InstallRequest
        {
            ImageDir = f.ImageDir, StateDir = f.StateDir, ClusterName = "test-cluster", NodeName = "node-1",
            AdvertiseAddr = "127.0.0.1", ListenAddress = "127.0.0.1", Token = "join-secret", ServiceUid = 0, ServiceGid = 0,
            EtcdClientPort = f.EtcdPort, EtcdPeerPort = f.EtcdPeerPort, RegistryPort = f.RegistryPort, HealthPort = f.HealthPort,
            KubernetesPorts = ports, Manual = true,
        });

        var record = (await new OperationStore(f.StateDir).ListAsync()).Single();
        var node = InstallConfig.Deserialize(record.Config).Node;
        node.Kubernetes.Labels.Should().Equal(new Dictionary<string, string> { ["role"] = "db" });
        node.Kubernetes.Taints.Select(t => $"{t.Key}:{t.Effect}").Should().Equal("node-role.kubernetes.io/master:NoSchedule");
        node.Kubernetes.KubeletArgs.Should().Equal("--max-pods=50");
        node.Kubernetes.HairpinMode.Should().Be("none", "the profile's systemOptions override the global ones");
        node.Kubernetes.AllowPrivileged.Should().BeTrue();
        node.KubernetesPorts.Should().Be(ports);
    }
}

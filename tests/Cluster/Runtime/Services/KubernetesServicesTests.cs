using Gravity.Cluster.Certificates;
using Gravity.Cluster.Nodes;
using Gravity.Cluster.Runtime;
using Gravity.Cluster.Runtime.Services;
using Gravity.Manifest;
using Gravity.Testing;

namespace Gravity.Cluster.Tests.Runtime.Services;

/// <summary>The Kubernetes components' arguments as the node record (from the manifest) makes them; flags as upstream Kubernetes 1.35 spells them.</summary>
public sealed class KubernetesServicesTests : IDisposable
{
    private readonly TempDir _dir = new("k8s-args");

    private const string Manifest = """
        apiVersion: bundle.gravitational.io/v2
        kind: Bundle
        metadata:
          name: app
          resourceVersion: 1.0.0
        installer:
          flavors:
            items:
              - name: one
                nodes:
                  - profile: master
                    count: 1
        nodeProfiles:
          - name: master
            labels:
              role: db
              node-role.kubernetes.io/master: "true"
              topology.kubernetes.io/zone: z1
            taints:
              - key: node-role.kubernetes.io/master
                effect: NoSchedule
              - key: custom-taint
                value: custom-value
                effect: NoExecute
            systemOptions:
              kubelet:
                args: ["--max-pods=50"]
          - name: worker
            labels:
              role: worker
        systemOptions:
          allowPrivileged: true
          kubelet:
            args: ["--system-reserved=memory=500Mi"]
            hairpinMode: hairpin-veth
        """;

    private NodeSettings Node(string profile, bool master = true)
    {
        var manifest = ManifestLoader.Parse(Manifest, "app.yaml").EnsureSuccess();
        return new NodeSettings
        {
            StateDir = _dir.Path, ClusterName = "c", NodeName = "node-1", AdvertiseAddr = "10.0.0.5", Role = profile,
            GravityBinary = "gravity", Master = master, UpstreamRegistry = master ? null : "10.0.0.1:5000",
            Kubernetes = KubernetesNodeOptions.From(manifest, manifest.FindProfile(profile)!),
        };
    }

    private static readonly HashSet<string> All = [.. KubernetesServices.ControlPlane, .. KubernetesServices.EveryNode];

    private IReadOnlyList<ServiceDefinition> Define(NodeSettings node, IReadOnlySet<string>? packaged = null)
        => KubernetesServices.Define(node, node.Folder, new KubernetesPki(new ClusterPki(node.StateDir)), packaged ?? All);

    [Fact]
    public void The_kubelet_registers_the_profiles_labels_and_taints_and_passes_the_system_options_through_last()
    {
        var node = Node("master");
        var kubelet = Define(node).Single(s => s.Name == "kubelet");

        kubelet.FileName.Should().Be(Path.Combine(_dir.Path, "runtime", "bin", "kubelet"));
        kubelet.Args.Should().Contain([
            $"--kubeconfig={node.Folder.KubeletKubeconfig}",
            $"--container-runtime-endpoint=unix://{node.Folder.ContainerdSocket}",
            "--hostname-override=node-1",
            "--node-ip=10.0.0.5",
            "--hairpin-mode=hairpin-veth",
            // node-role.kubernetes.io/* is not the kubelet's to set (it refuses to start with it): left out, sorted.
            "--node-labels=gravitational.io/k8s-role=master,role=db,topology.kubernetes.io/zone=z1",
            "--register-with-taints=node-role.kubernetes.io/master:NoSchedule,custom-taint=custom-value:NoExecute",
        ]);
        // The profile's kubelet args replace the global ones (AppManifest.SystemOptionsFor), and come last, so they win.
        kubelet.Args[^1].Should().Be("--max-pods=50");
        kubelet.Args.Should().NotContain("--system-reserved=memory=500Mi");
        KubeletService.RestrictedLabels(node).Select(l => $"{l.Key}={l.Value}").Should().Equal("node-role.kubernetes.io/master=true");
    }

    [Fact]
    public void Without_a_hairpin_mode_the_kubelet_gets_the_guides_default_and_a_profile_without_taints_registers_none()
    {
        var node = Node("worker") with { Kubernetes = Node("worker").Kubernetes with { HairpinMode = null } };
        var kubelet = Define(node).Single(s => s.Name == "kubelet");
        kubelet.Args.Should().Contain("--hairpin-mode=promiscuous-bridge").And.Contain("--node-labels=gravitational.io/k8s-role=master,role=worker");
        kubelet.Args[^1].Should().Be("--system-reserved=memory=500Mi", "a profile without kubelet args takes the global ones");
        kubelet.Args.Should().NotContain(a => a.StartsWith("--register-with-taints", StringComparison.Ordinal));
    }

    [Fact]
    public void A_master_runs_the_control_plane_on_its_etcd_with_the_cluster_ca_and_its_certificates()
    {
        var node = Node("master");
        var pki = new KubernetesPki(new ClusterPki(node.StateDir));
        var services = Define(node);
        services.Select(s => s.Name).Should().Equal("kube-apiserver", "kube-controller-manager", "kube-scheduler", "kubelet", "kube-proxy");

        services[0].Args.Should().Contain([
            "--advertise-address=10.0.0.5", "--secure-port=6443",
            "--etcd-servers=https://127.0.0.1:2379", $"--etcd-cafile={pki.Cluster.CaCertPath}",
            $"--etcd-certfile={pki.Cluster.NodeCertPath}", $"--etcd-keyfile={pki.Cluster.NodeKeyPath}",
            $"--tls-cert-file={pki.ApiServer.CertPath}", $"--tls-private-key-file={pki.ApiServer.KeyPath}",
            $"--client-ca-file={pki.Cluster.CaCertPath}",
            $"--service-account-key-file={pki.ServiceAccountPublicKeyPath}", $"--service-account-signing-key-file={pki.ServiceAccountKeyPath}",
            "--service-account-issuer=https://kubernetes.default.svc.cluster.local", "--service-cluster-ip-range=10.100.0.0/16",
            "--authorization-mode=Node,RBAC", "--allow-privileged=true",
        ]);
        services[1].Args.Should().Contain([$"--kubeconfig={node.Folder.ControllerManagerKubeconfig}", "--leader-elect=true", "--secure-port=10257",
            $"--service-account-private-key-file={pki.ServiceAccountKeyPath}", $"--root-ca-file={pki.Cluster.CaCertPath}"]);
        services[2].Args.Should().Contain([$"--kubeconfig={node.Folder.SchedulerKubeconfig}", "--leader-elect=true", "--secure-port=10259"]);
        services[4].Args.Should().Contain([$"--kubeconfig={node.Folder.KubeProxyKubeconfig}", "--healthz-bind-address=127.0.0.1:10256"]);
        node.KubernetesApiUrl.Should().Be(new Uri("https://127.0.0.1:6443"));
    }

    [Fact]
    public void A_regular_node_runs_no_control_plane_and_its_kubelet_only_with_credentials_reaching_the_master_it_joined()
    {
        var node = Node("worker", master: false);
        Define(node).Should().BeEmpty("a regular node has no CA key to issue its kubelet's credentials, and none were given");

        Directory.CreateDirectory(node.Folder.KubernetesDir);
        File.WriteAllText(node.Folder.KubeletKubeconfig, "");
        Define(node).Select(s => s.Name).Should().Equal("kubelet");
        Define(node).Single().Args.Should().Contain("--node-labels=gravitational.io/k8s-role=node,role=worker");
        node.KubernetesApiUrl.Should().Be(new Uri("https://10.0.0.1:6443"));
    }

    [Fact]
    public void Only_packaged_components_run()
    {
        Define(Node("master"), new HashSet<string> { "kube-apiserver", "kubelet" }).Select(s => s.Name).Should().Equal("kube-apiserver", "kubelet");
    }

    [Theory]
    [InlineData("role", true)]
    [InlineData("example.com/tier", true)]
    [InlineData("kubernetes.io/hostname", true)]
    [InlineData("topology.kubernetes.io/zone", true)]
    [InlineData("node.kubernetes.io/pool", true)]
    [InlineData("x.kubelet.kubernetes.io/a", true)]
    [InlineData("node-role.kubernetes.io/master", false)]
    [InlineData("kubernetes.io/role", false)]
    [InlineData("foo.k8s.io/bar", false)]
    public void The_kubelet_may_set_labels_by_upstreams_rule(string key, bool allowed) => KubeletService.KubeletMaySet(key).Should().Be(allowed);

    public void Dispose() => _dir.Dispose();
}

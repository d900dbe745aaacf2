using Gravity.Cluster.Certificates;

namespace Gravity.Cluster.Runtime.Services;

/// <summary>
/// The Kubernetes control plane and kubelet, run like the other services when the cluster image's runtime package
/// carries their binaries (&lt;state-dir&gt;/runtime/bin/kube-apiserver, kubelet). No such package exists for these
/// machines yet, so nothing here is started today (docs/runtime.md).
/// </summary>
public static class KubernetesServices
{
    public const int ApiServerPort = 6443;
    public const int KubeletHealthPort = 10248;

    public static bool Available(RuntimeLayout layout)
        => File.Exists(Path.Combine(layout.RuntimeBin, "kube-apiserver")) && File.Exists(Path.Combine(layout.RuntimeBin, "kubelet"));

    public static IReadOnlyList<ServiceDefinition> Define(NodeAgentConfig config, RuntimeLayout layout, ClusterPki pki)
    {
        if (!Available(layout)) return [];
        var bin = layout.RuntimeBin;
        var apiserver = new ServiceDefinition("kube-apiserver", Path.Combine(bin, "kube-apiserver"),
        [
            $"--etcd-servers={EtcdService.LocalUrl(config)}",
            $"--etcd-cafile={pki.CaCertPath}",
            $"--etcd-certfile={pki.NodeCertPath}",
            $"--etcd-keyfile={pki.NodeKeyPath}",
            $"--advertise-address={config.AdvertiseAddr}",
            $"--secure-port={ApiServerPort}",
            $"--tls-cert-file={pki.NodeCertPath}",
            $"--tls-private-key-file={pki.NodeKeyPath}",
            $"--client-ca-file={pki.CaCertPath}",
            $"--service-account-key-file={pki.NodeKeyPath}",
            $"--service-account-signing-key-file={pki.NodeKeyPath}",
            "--service-account-issuer=https://kubernetes.default.svc",
            "--authorization-mode=Node,RBAC",
        ]);
        var kubelet = new ServiceDefinition("kubelet", Path.Combine(bin, "kubelet"),
        [
            $"--container-runtime-endpoint=unix://{layout.ContainerdSocket}",
            $"--root-dir={Path.Combine(layout.KubernetesDir, "kubelet")}",
            $"--hostname-override={config.NodeName}",
            $"--node-ip={config.AdvertiseAddr}",
            $"--healthz-port={KubeletHealthPort}",
        ]);
        return [apiserver, kubelet];
    }
}

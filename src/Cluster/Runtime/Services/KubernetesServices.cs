using Gravity.Cluster.Certificates;
using Gravity.Cluster.Nodes;

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

    public static bool Available(StateFolder layout)
        => File.Exists(layout.RuntimeBinary("kube-apiserver")) && File.Exists(layout.RuntimeBinary("kubelet"));

    public static IReadOnlyList<ServiceDefinition> Define(NodeSettings node, StateFolder layout, ClusterPki pki)
    {
        if (!Available(layout)) return [];
        var apiserver = new ServiceDefinition("kube-apiserver", layout.RuntimeBinary("kube-apiserver"),
        [
            $"--etcd-servers={EtcdService.LocalUrl(node)}",
            $"--etcd-cafile={pki.CaCertPath}",
            $"--etcd-certfile={pki.NodeCertPath}",
            $"--etcd-keyfile={pki.NodeKeyPath}",
            $"--advertise-address={node.AdvertiseAddr}",
            $"--secure-port={ApiServerPort}",
            $"--tls-cert-file={pki.NodeCertPath}",
            $"--tls-private-key-file={pki.NodeKeyPath}",
            $"--client-ca-file={pki.CaCertPath}",
            $"--service-account-key-file={pki.NodeKeyPath}",
            $"--service-account-signing-key-file={pki.NodeKeyPath}",
            "--service-account-issuer=https://kubernetes.default.svc",
            "--authorization-mode=Node,RBAC",
        ]);
        var kubelet = new ServiceDefinition("kubelet", layout.RuntimeBinary("kubelet"),
        [
            $"--container-runtime-endpoint=unix://{layout.ContainerdSocket}",
            $"--root-dir={layout.KubeletRoot}",
            $"--hostname-override={node.NodeName}",
            $"--node-ip={node.AdvertiseAddr}",
            $"--healthz-port={KubeletHealthPort}",
        ]);
        return [apiserver, kubelet];
    }
}

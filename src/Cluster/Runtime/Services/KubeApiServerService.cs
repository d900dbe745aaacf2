using System.Globalization;
using Gravity.Cluster.Certificates;
using Gravity.Cluster.Nodes;
using Gravity.Core;

namespace Gravity.Cluster.Runtime.Services;

/// <summary>
/// kube-apiserver on a master: on the node's etcd (TLS with the node certificate), serving with the certificate
/// <see cref="KubernetesPki"/> issues, trusting client certificates of the cluster CA, Node and RBAC authorization
/// with NodeRestriction, service-account tokens signed with the key derived from the CA key.
/// </summary>
public static class KubeApiServerService
{
    public const string Name = "kube-apiserver";
    public const string ServiceAccountIssuer = "https://kubernetes.default.svc." + NodeDefaults.ClusterDomain;

    public static ServiceDefinition Define(NodeSettings node, StateFolder layout, KubernetesPki pki) => new(Name, layout.RuntimeBinary(Name),
    [
        $"--advertise-address={node.AdvertiseAddr}",
        $"--bind-address={node.ListenAddress}",
        $"--secure-port={node.KubernetesPorts.ApiServer.ToString(CultureInfo.InvariantCulture)}",
        $"--etcd-servers={EtcdService.LocalUrl(node)}",
        $"--etcd-cafile={pki.Cluster.CaCertPath}",
        $"--etcd-certfile={pki.Cluster.NodeCertPath}",
        $"--etcd-keyfile={pki.Cluster.NodeKeyPath}",
        $"--tls-cert-file={pki.ApiServer.CertPath}",
        $"--tls-private-key-file={pki.ApiServer.KeyPath}",
        $"--client-ca-file={pki.Cluster.CaCertPath}",
        $"--kubelet-client-certificate={pki.ApiServerKubeletClient.CertPath}",
        $"--kubelet-client-key={pki.ApiServerKubeletClient.KeyPath}",
        $"--service-account-issuer={ServiceAccountIssuer}",
        $"--service-account-key-file={pki.ServiceAccountPublicKeyPath}",
        $"--service-account-signing-key-file={pki.ServiceAccountKeyPath}",
        $"--service-cluster-ip-range={NodeDefaults.ServiceCidr}",
        "--authorization-mode=Node,RBAC",
        "--enable-admission-plugins=NodeRestriction",
        $"--allow-privileged={(node.Kubernetes.AllowPrivileged ? "true" : "false")}",
        "--profiling=false",
    ]);

    /// <summary>Asked anonymously (the default RBAC lets everyone read /healthz), trusting the cluster CA.</summary>
    public static Uri HealthUrl(NodeSettings node) => new($"https://127.0.0.1:{node.KubernetesPorts.ApiServer}/healthz");
}

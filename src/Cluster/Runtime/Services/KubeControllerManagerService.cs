using System.Globalization;
using Gravity.Cluster.Certificates;
using Gravity.Cluster.Nodes;
using Gravity.Core;

namespace Gravity.Cluster.Runtime.Services;

/// <summary>
/// kube-controller-manager on a master: its own kubeconfig (system:kube-controller-manager), leader election among the
/// masters, service-account tokens signed with the API server's key, CSRs signed by the cluster CA, node pod CIDRs from
/// the pod network. Serves /healthz on 127.0.0.1 with the node certificate, so the agent's probe can trust it.
/// </summary>
public static class KubeControllerManagerService
{
    public const string Name = "kube-controller-manager";

    public static ServiceDefinition Define(NodeSettings node, StateFolder layout, KubernetesPki pki) => new(Name, layout.RuntimeBinary(Name),
    [
        $"--kubeconfig={layout.ControllerManagerKubeconfig}",
        $"--authentication-kubeconfig={layout.ControllerManagerKubeconfig}",
        $"--authorization-kubeconfig={layout.ControllerManagerKubeconfig}",
        "--bind-address=127.0.0.1",
        $"--secure-port={node.KubernetesPorts.ControllerManager.ToString(CultureInfo.InvariantCulture)}",
        $"--tls-cert-file={pki.Cluster.NodeCertPath}",
        $"--tls-private-key-file={pki.Cluster.NodeKeyPath}",
        "--leader-elect=true",
        "--use-service-account-credentials=true",
        $"--service-account-private-key-file={pki.ServiceAccountKeyPath}",
        $"--root-ca-file={pki.Cluster.CaCertPath}",
        // No --cluster-signing-*: whoever may approve a certificate request would get a certificate of the cluster CA,
        // which etcd and every node's agent accept. Gravity issues every Kubernetes certificate itself (KubernetesPki).
        $"--service-cluster-ip-range={NodeDefaults.ServiceCidr}",
        $"--cluster-cidr={NodeDefaults.PodCidr}",
        "--allocate-node-cidrs=true",
        "--profiling=false",
    ]);

    public static Uri HealthUrl(NodeSettings node) => new($"https://127.0.0.1:{node.KubernetesPorts.ControllerManager}/healthz");
}

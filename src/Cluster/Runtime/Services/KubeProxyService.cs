using Gravity.Cluster.Nodes;
using Gravity.Core;

namespace Gravity.Cluster.Runtime.Services;

/// <summary>kube-proxy on every node: its own kubeconfig (system:kube-proxy), healthz and metrics on 127.0.0.1.</summary>
public static class KubeProxyService
{
    public const string Name = "kube-proxy";

    public static ServiceDefinition Define(NodeSettings node, StateFolder layout) => new(Name, layout.RuntimeBinary(Name),
    [
        $"--kubeconfig={layout.KubeProxyKubeconfig}",
        $"--hostname-override={node.NodeName}",
        $"--healthz-bind-address=127.0.0.1:{node.KubernetesPorts.KubeProxyHealthz}",
        $"--metrics-bind-address=127.0.0.1:{node.KubernetesPorts.KubeProxyMetrics}",
        $"--cluster-cidr={NodeDefaults.PodCidr}",
    ]);

    public static Uri HealthUrl(NodeSettings node) => new($"http://127.0.0.1:{node.KubernetesPorts.KubeProxyHealthz}/healthz");
}

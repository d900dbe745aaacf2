using Gravity.Core;

namespace Gravity.Cluster.Nodes;

/// <summary>The ports the node's Kubernetes components listen on (upstream's defaults; tests choose free ones).</summary>
public sealed record KubernetesPorts
{
    public int ApiServer { get; init; } = NodeDefaults.KubeApiServerPort;
    public int Kubelet { get; init; } = NodeDefaults.KubeletPort;
    public int KubeletHealthz { get; init; } = NodeDefaults.KubeletHealthzPort;
    public int ControllerManager { get; init; } = NodeDefaults.KubeControllerManagerPort;
    public int Scheduler { get; init; } = NodeDefaults.KubeSchedulerPort;
    public int KubeProxyHealthz { get; init; } = NodeDefaults.KubeProxyHealthzPort;
    public int KubeProxyMetrics { get; init; } = NodeDefaults.KubeProxyMetricsPort;
}

namespace Gravity.Core;

/// <summary>
/// The one default of every node setting: the flags of gravity install, the node record, the install's configuration
/// and the preflight port checks all read them here (a second copy would drift, and a node would check one port and
/// listen on another).
/// </summary>
public static class NodeDefaults
{
    /// <summary>Where a node keeps all its cluster data unless told otherwise (gravity --state-dir).</summary>
    public const string StateDir = "/var/lib/gravity";
    /// <summary>Where a hook's containers find the application's resources: the guide's fixed path inside the container, whatever the node's state folder.</summary>
    public const string HookResourcesPath = "/var/lib/gravity/resources";
    /// <summary>Where backup and restore hooks' containers find the backup folder (fixed, as the guide's hooks use it).</summary>
    public const string HookBackupPath = "/var/lib/gravity/backup";
    public const int EtcdClientPort = 2379;
    public const int EtcdPeerPort = 2380;
    public const int RegistryPort = 5000;
    public const int HealthPort = 7575;
    /// <summary>The update agent `gravity agent deploy` starts on every node for an upgrade (Gravity's agent RPC port).</summary>
    public const int UpdateAgentPort = 3012;
    /// <summary>The Kubernetes components' ports: upstream's defaults (kube-apiserver, kubelet, its healthz, controller-manager, scheduler, kube-proxy's healthz and metrics).</summary>
    public const int KubeApiServerPort = 6443;
    public const int KubeletPort = 10250;
    public const int KubeletHealthzPort = 10248;
    public const int KubeControllerManagerPort = 10257;
    public const int KubeSchedulerPort = 10259;
    public const int KubeProxyHealthzPort = 10256;
    public const int KubeProxyMetricsPort = 10249;
    /// <summary>The cluster's service and pod networks (Gravity's defaults); the first address of the service network is the API's service IP.</summary>
    public const string ServiceCidr = "10.100.0.0/16";
    public const string PodCidr = "10.244.0.0/16";
    public const string ClusterDomain = "cluster.local";
    /// <summary>The user and group etcd and the cluster registry run as (created by the install when missing).</summary>
    public const int ServiceUid = 1000;
    public const int ServiceGid = 1000;
    /// <summary>Where the health endpoint listens: all interfaces.</summary>
    public const string ListenAddress = "0.0.0.0";

    /// <summary>The ports of the cluster's own services, as preflight checks them when no other ports are given.</summary>
    public static IReadOnlyList<(string Protocol, int Port)> ServicePorts { get; } =
        [("tcp", EtcdClientPort), ("tcp", EtcdPeerPort), ("tcp", RegistryPort), ("tcp", HealthPort)];
}

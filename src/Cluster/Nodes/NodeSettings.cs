using System.Text.Json.Serialization;
using Gravity.Core;

namespace Gravity.Cluster.Nodes;

/// <summary>
/// Who this node is and how it is set up: its cluster, name, address and profile, the ports and user of its services,
/// and the gravity program its agent runs. The one record of them: the install fixes it (see
/// Operations.Install.InstallConfig.Node), the state folder keeps it (node.json, see Runtime.NodeAgentConfig), and status,
/// stop, start, leave and the agent read it from there, whatever operation created the node.
/// </summary>
public sealed record NodeSettings
{
    public required string StateDir { get; init; }
    public required string ClusterName { get; init; }
    public required string NodeName { get; init; }
    public required string AdvertiseAddr { get; init; }
    /// <summary>The node profile this node takes (from --role, else the flavor).</summary>
    public required string Role { get; init; }
    public int ServiceUid { get; init; } = NodeDefaults.ServiceUid;
    public int ServiceGid { get; init; } = NodeDefaults.ServiceGid;
    public int EtcdClientPort { get; init; } = NodeDefaults.EtcdClientPort;
    public int EtcdPeerPort { get; init; } = NodeDefaults.EtcdPeerPort;
    public int RegistryPort { get; init; } = NodeDefaults.RegistryPort;
    public int HealthPort { get; init; } = NodeDefaults.HealthPort;
    /// <summary>Where the health endpoint listens (all interfaces on a real node; 127.0.0.1 in tests). The cluster registry listens on the advertise address and loopback.</summary>
    public string ListenAddress { get; init; } = NodeDefaults.ListenAddress;
    /// <summary>
    /// A master is an etcd member and runs a cluster registry; a regular node runs neither and reaches etcd through a
    /// local proxy to the masters (<see cref="EtcdEndpoints"/>).
    /// </summary>
    public bool Master { get; init; } = true;
    /// <summary>
    /// The etcd cluster a joining master's member starts into ("name=https://ADDR:PEER-PORT,..." with itself), written by the
    /// join's /etcd phase once the member was added; null for the first master, whose etcd starts a new cluster.
    /// </summary>
    public string? EtcdInitialCluster { get; init; }
    /// <summary>The masters' etcd client URLs a regular node's proxy forwards to (empty on masters).</summary>
    public IReadOnlyList<string> EtcdEndpoints { get; init; } = [];
    /// <summary>
    /// The registry of the master a regular node joined through (ADDR:PORT): its containerd pulls there only until its
    /// agent sees the leader, then from the leader's (Runtime.Leadership.LeaderRegistryRoute). Null on masters, which run their own.
    /// </summary>
    public string? UpstreamRegistry { get; init; }
    /// <summary>The node profile's labels and taints and the manifest's systemOptions for its Kubernetes components.</summary>
    public KubernetesNodeOptions Kubernetes { get; init; } = new();
    public KubernetesPorts KubernetesPorts { get; init; } = new();
    /// <summary>Map leader.telekube.local to the advertise address in /etc/hosts (real installs as root only; never in tests).</summary>
    public bool ManageEtcHosts { get; init; }
    /// <summary>The gravity program the agent and the registry run as (the copy in bin/, or `dotnet` with <see cref="GravityArgs"/> = [gravity.dll] in tests).</summary>
    public required string GravityBinary { get; init; }
    /// <summary>Arguments placed before the gravity subcommand (empty for the single-file binary).</summary>
    public IReadOnlyList<string> GravityArgs { get; init; } = [];

    [JsonIgnore]
    public StateFolder Folder => new(StateDir);

    [JsonIgnore]
    public Uri EtcdEndpoint => new($"https://127.0.0.1:{EtcdClientPort}");

    /// <summary>etcd as this node's root-side clients reach it: TLS with the node's client certificate (root-owned originals).</summary>
    public Etcd.EtcdClientOptions EtcdOptions() => Etcd.EtcdClientOptions.Tls(EtcdEndpoint, new Certificates.ClusterPki(StateDir).NodeTls);

    /// <summary>
    /// Where this node's kubelet, kube-proxy and clients reach the Kubernetes API: a master its own kube-apiserver on
    /// 127.0.0.1; a regular node the kube-apiserver of the master it joined through (the host of <see cref="UpstreamRegistry"/>,
    /// a master's advertise address, which the API server's certificate names). It does not follow a later leader.
    /// </summary>
    [JsonIgnore]
    public Uri KubernetesApiUrl => new($"https://{(Master || UpstreamRegistry is null ? "127.0.0.1" : UpstreamRegistry[..UpstreamRegistry.LastIndexOf(':')])}:{KubernetesPorts.ApiServer}");

    [JsonIgnore]
    public string RegistryAddress => $"127.0.0.1:{RegistryPort}";

    [JsonIgnore]
    public Uri HealthUrl => new($"https://127.0.0.1:{HealthPort}/");
}

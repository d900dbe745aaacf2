using Gravity.Cluster.Nodes;
using Gravity.Core;

namespace Gravity.Cluster.Operations;

/// <summary>
/// The flags `gravity install` and `gravity join` share: where the node keeps its state, its name and address, its
/// ports, its service user, the checks to skip and the gravity program its agent runs. <see cref="ToNodeSettings"/> is
/// the one place they become the node's settings.
/// </summary>
public abstract record NodeFlags
{
    public string StateDir { get; init; } = NodeDefaults.StateDir;
    public string? AdvertiseAddr { get; init; }
    public string? NodeName { get; init; }
    /// <summary>The node profile asked for with --role (null: the command's default rule).</summary>
    public string? Role { get; init; }
    public int ServiceUid { get; init; } = NodeDefaults.ServiceUid;
    public int ServiceGid { get; init; } = NodeDefaults.ServiceGid;
    public int EtcdClientPort { get; init; } = NodeDefaults.EtcdClientPort;
    public int EtcdPeerPort { get; init; } = NodeDefaults.EtcdPeerPort;
    public int RegistryPort { get; init; } = NodeDefaults.RegistryPort;
    public int HealthPort { get; init; } = NodeDefaults.HealthPort;
    public string ListenAddress { get; init; } = NodeDefaults.ListenAddress;
    public bool ManageEtcHosts { get; init; }
    /// <summary>The Kubernetes components' ports (upstream's defaults; no CLI flags yet: tests set them).</summary>
    public KubernetesPorts KubernetesPorts { get; init; } = new();
    public IReadOnlyList<string> SkipChecks { get; init; } = [];
    /// <summary>Create the plan only; run it with `gravity plan execute|resume`.</summary>
    public bool Manual { get; init; }
    /// <summary>The gravity program the agent runs (default: the one running now, see <see cref="GravityProgram"/>).</summary>
    public GravityProgram? Gravity { get; init; }

    /// <summary>The node's name: --node-name, else this machine's host name in lower case.</summary>
    public string ResolvedNodeName => NodeName ?? Environment.MachineName.ToLowerInvariant();

    /// <summary>The node these flags describe, as a master of <paramref name="clusterName"/> (a join makes it a regular node with `with`).</summary>
    public NodeSettings ToNodeSettings(string stateDir, string clusterName, string role, GravityProgram gravity) => new()
    {
        StateDir = stateDir,
        ClusterName = clusterName,
        NodeName = ResolvedNodeName,
        AdvertiseAddr = AdvertiseAddr ?? Install.Installer.DefaultAdvertiseAddr(),
        Role = role,
        ServiceUid = ServiceUid,
        ServiceGid = ServiceGid,
        EtcdClientPort = EtcdClientPort,
        EtcdPeerPort = EtcdPeerPort,
        RegistryPort = RegistryPort,
        HealthPort = HealthPort,
        ListenAddress = ListenAddress,
        ManageEtcHosts = ManageEtcHosts,
        KubernetesPorts = KubernetesPorts,
        // A single-file binary is copied into the state folder (by /unpack or /pull), and the agent runs the copy.
        GravityBinary = gravity.Standalone ? new StateFolder(stateDir).GravityBinary : gravity.FileName,
        GravityArgs = gravity.Args,
    };
}

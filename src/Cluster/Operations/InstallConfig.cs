using System.Text.Json;
using Gravity.Cluster.Plans;

namespace Gravity.Cluster.Operations;

/// <summary>
/// Everything the install phases need, fixed when the plan is created and stored with the operation, so that
/// `gravity plan resume` in a new process (after the installer was killed) runs with exactly the same inputs.
/// </summary>
public sealed record InstallConfig
{
    /// <summary>The unpacked cluster image folder (app.yaml, packages/, .gravity/head.json).</summary>
    public required string ImageDir { get; init; }
    public required string StateDir { get; init; }
    public required string ClusterName { get; init; }
    public required string NodeName { get; init; }
    public required string AdvertiseAddr { get; init; }
    /// <summary>The node profile this node takes (from --role, else the flavor).</summary>
    public required string Role { get; init; }
    public string? Flavor { get; init; }
    public required string AppName { get; init; }
    public required string AppVersion { get; init; }
    /// <summary>The token other nodes join with (--token, else random).</summary>
    public required string JoinToken { get; init; }
    public int ServiceUid { get; init; } = global::Gravity.Core.NodeDefaults.ServiceUid;
    public int ServiceGid { get; init; } = global::Gravity.Core.NodeDefaults.ServiceGid;
    public int EtcdClientPort { get; init; } = global::Gravity.Core.NodeDefaults.EtcdClientPort;
    public int EtcdPeerPort { get; init; } = global::Gravity.Core.NodeDefaults.EtcdPeerPort;
    public int RegistryPort { get; init; } = global::Gravity.Core.NodeDefaults.RegistryPort;
    public int HealthPort { get; init; } = global::Gravity.Core.NodeDefaults.HealthPort;
    /// <summary>The gravity program that ran the install: a single-file binary (copied into the state folder by /unpack and run
    /// from there), or `dotnet` with <see cref="GravityArgs"/> = [gravity.dll] (run in place; tests).</summary>
    public required string GravityBinary { get; init; }
    public IReadOnlyList<string> GravityArgs { get; init; } = [];
    /// <summary>True for a self-contained single-file binary: /unpack copies it so the image folder may go away afterwards.</summary>
    public bool CopyGravityBinary { get; init; }
    /// <summary>Where the health endpoint listens (all interfaces on a real node; 127.0.0.1 in tests). The cluster registry listens on the advertise address and loopback.</summary>
    public string ListenAddress { get; init; } = global::Gravity.Core.NodeDefaults.ListenAddress;
    /// <summary>Map leader.telekube.local to the advertise address in /etc/hosts (real installs as root).</summary>
    public bool ManageEtcHosts { get; init; }
    /// <summary>When the operation was created: also the cluster's creation and the node's join time, so phases re-run identically.</summary>
    public required DateTimeOffset Created { get; init; }
    /// <summary>Whether the state folder existed before the install (leave removes it only when the install created it).</summary>
    public bool StateDirExisted { get; init; }
    /// <summary>Preflight checks skipped on purpose (recorded).</summary>
    public IReadOnlyList<string> SkippedChecks { get; init; } = [];
    /// <summary>The Kubernetes API the application phase would use; none exists in this runtime yet.</summary>
    public string? KubernetesApi { get; init; }

    public string Serialize() => JsonSerializer.Serialize(this, PlanJson.Options);

    public static InstallConfig Deserialize(string json) =>
        JsonSerializer.Deserialize<InstallConfig>(json, PlanJson.Options) ?? throw new InvalidDataException("empty install configuration");

    /// <summary>The program the node agent runs as: the copy in the state folder for a single-file binary.</summary>
    public string AgentBinary => CopyGravityBinary ? new StateLayout(StateDir).GravityBinary : GravityBinary;

    public Uri EtcdEndpoint => new($"https://127.0.0.1:{EtcdClientPort}");

    /// <summary>etcd as this node's root-side clients reach it: TLS with the node's client certificate (root-owned originals).</summary>
    public Etcd.EtcdClientOptions EtcdOptions() => Etcd.EtcdClientOptions.Tls(EtcdEndpoint, new Certificates.ClusterPki(StateDir).NodeTls);
    public string RegistryAddress => $"127.0.0.1:{RegistryPort}";
}

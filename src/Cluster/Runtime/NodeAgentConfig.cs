using System.Text.Json;
using System.Text.Json.Serialization;
using Gravity.Core;

namespace Gravity.Cluster.Runtime;

/// <summary>
/// What the node agent runs and where: written by the installer as &lt;state-dir&gt;/agent.json and read by
/// `gravity agent run --state-dir DIR`, so the agent can be restarted with nothing but its state folder.
/// </summary>
public sealed record NodeAgentConfig
{
    public required string StateDir { get; init; }
    public required string ClusterName { get; init; }
    public required string NodeName { get; init; }
    public required string AdvertiseAddr { get; init; }
    /// <summary>The node's service role ("master" or "node"), shown in the health report.</summary>
    public string Role { get; init; } = "master";
    public int EtcdClientPort { get; init; } = global::Gravity.Core.NodeDefaults.EtcdClientPort;
    public int EtcdPeerPort { get; init; } = global::Gravity.Core.NodeDefaults.EtcdPeerPort;
    public int RegistryPort { get; init; } = global::Gravity.Core.NodeDefaults.RegistryPort;
    public int HealthPort { get; init; } = global::Gravity.Core.NodeDefaults.HealthPort;
    public int ServiceUid { get; init; } = global::Gravity.Core.NodeDefaults.ServiceUid;
    public int ServiceGid { get; init; } = global::Gravity.Core.NodeDefaults.ServiceGid;
    /// <summary>The gravity program the agent and the registry run as (the installed copy, or `dotnet` with <see cref="GravityArgs"/> = [gravity.dll] in tests).</summary>
    public required string GravityBinary { get; init; }
    /// <summary>Arguments placed before the gravity subcommand (empty for the single-file binary).</summary>
    public IReadOnlyList<string> GravityArgs { get; init; } = [];
    /// <summary>Where the health endpoint listens (all interfaces on a real node; 127.0.0.1 in tests). The cluster registry listens on the advertise address and loopback.</summary>
    public string ListenAddress { get; init; } = global::Gravity.Core.NodeDefaults.ListenAddress;
    /// <summary>The name the cluster's images are addressed by (leader.telekube.local:5000/...).</summary>
    public string RegistryName { get; init; } = Certificates.ClusterPki.LeaderName;
    /// <summary>Add "&lt;advertise-addr&gt; leader.telekube.local" to /etc/hosts (real installs as root only; never in tests).</summary>
    public bool ManageEtcHosts { get; init; }
    public bool RunContainerd { get; init; } = true;
    /// <summary>Run etcd and the registry as ServiceUid:ServiceGid (through setpriv) and give them their data folders; containerd stays root. Only when the agent runs as root.</summary>
    public bool RunServicesAsServiceUser { get; init; }
    public double ProbeIntervalSeconds { get; init; } = 5;
    /// <summary>How long failing probes during start-up stay out of the history.</summary>
    public double StartupGraceSeconds { get; init; } = 60;

    public string ConfigPath => ConfigPathOf(StateDir);
    public static string ConfigPathOf(string stateDir) => Path.Combine(stateDir, "agent.json");

    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    public Task SaveAsync() => AtomicFile.WriteAllTextAsync(ConfigPath, JsonSerializer.Serialize(this, Json));

    public static NodeAgentConfig Load(string stateDir)
    {
        var path = ConfigPathOf(stateDir);
        if (!File.Exists(path)) throw new GravityException($"{path} does not exist: this folder holds no installed node (wrong --state-dir?)");
        try
        {
            var config = JsonSerializer.Deserialize<NodeAgentConfig>(File.ReadAllText(path), Json) ?? throw new GravityException($"{path} is empty");
            return config with { StateDir = Path.GetFullPath(stateDir) };
        }
        catch (JsonException ex)
        {
            throw new GravityException($"{path}: {ex.Message}", ex);
        }
    }
}

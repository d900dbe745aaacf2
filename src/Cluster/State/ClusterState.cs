namespace Gravity.Cluster.State;

public static class ClusterStatuses
{
    public const string Installing = "installing";
    public const string Active = "active";
    public const string Degraded = "degraded";
}

public sealed record ClusterApplication(string Name, string Version);

/// <summary>What the cluster records about itself in etcd at the end of the install.</summary>
/// <param name="Flavor">The flavor the cluster was installed with (null: the application's default), which joins fill up first.</param>
public sealed record ClusterInfo(string Name, DateTimeOffset Created, ClusterApplication Application, string JoinToken, string Status, string? Flavor = null);

/// <summary>
/// A member of the cluster, as recorded in etcd: who it is, whether it is a master (etcd member, cluster registry,
/// leader candidate) or a regular node, the ports other nodes reach its agent and registry on, its state folder (what
/// `gravity remove` has the node's agent clean up) and the machine's host name when it was installed or joined. Records
/// written before a field existed read its default (every node of those versions was a master on the default ports;
/// their host name is unknown, null).
/// </summary>
public sealed record ClusterNode(string Name, string AdvertiseAddr, string Role, DateTimeOffset Joined, string Status,
    bool Master = true, int HealthPort = Core.NodeDefaults.HealthPort, int RegistryPort = Core.NodeDefaults.RegistryPort, string? StateDir = null,
    string? HostName = null)
{
    /// <summary>The name `gravity status` shows the node by: its host name, or the node name for a record without one.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public string DisplayHost => string.IsNullOrEmpty(HostName) ? Name : HostName;

    /// <summary>The node's agent API and health endpoint (TLS with its node certificate).</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public Uri AgentUrl => new($"https://{(AdvertiseAddr.Contains(':') ? $"[{AdvertiseAddr}]" : AdvertiseAddr)}:{HealthPort}/");
}

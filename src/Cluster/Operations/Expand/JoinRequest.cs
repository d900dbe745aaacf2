namespace Gravity.Cluster.Operations.Expand;

/// <summary>The flags of `gravity join PEER`.</summary>
public sealed record JoinRequest
{
    /// <summary>A node of the cluster: ADDR or ADDR:PORT of its agent.</summary>
    public required string Peer { get; init; }
    public required string Token { get; init; }
    public string StateDir { get; init; } = Core.NodeDefaults.StateDir;
    public string? AdvertiseAddr { get; init; }
    public string? Role { get; init; }
    public string? NodeName { get; init; }
    public int ServiceUid { get; init; } = Core.NodeDefaults.ServiceUid;
    public int ServiceGid { get; init; } = Core.NodeDefaults.ServiceGid;
    public int EtcdClientPort { get; init; } = Core.NodeDefaults.EtcdClientPort;
    public int EtcdPeerPort { get; init; } = Core.NodeDefaults.EtcdPeerPort;
    public int RegistryPort { get; init; } = Core.NodeDefaults.RegistryPort;
    public int HealthPort { get; init; } = Core.NodeDefaults.HealthPort;
    public string ListenAddress { get; init; } = Core.NodeDefaults.ListenAddress;
    public bool ManageEtcHosts { get; init; }
    public IReadOnlyList<string> SkipChecks { get; init; } = [];
    public bool Manual { get; init; }
    public GravityProgram? Gravity { get; init; }
}

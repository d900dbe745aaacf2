namespace Gravity.Cluster.Operations.Install;

/// <summary>The flags of `gravity install`.</summary>
public sealed record InstallRequest
{
    public required string ImageDir { get; init; }
    public string StateDir { get; init; } = global::Gravity.Core.NodeDefaults.StateDir;
    public string? ClusterName { get; init; }
    public string? AdvertiseAddr { get; init; }
    public string? Token { get; init; }
    public string? Flavor { get; init; }
    public string? Role { get; init; }
    public string? NodeName { get; init; }
    public int ServiceUid { get; init; } = global::Gravity.Core.NodeDefaults.ServiceUid;
    public int ServiceGid { get; init; } = global::Gravity.Core.NodeDefaults.ServiceGid;
    public int EtcdClientPort { get; init; } = global::Gravity.Core.NodeDefaults.EtcdClientPort;
    public int EtcdPeerPort { get; init; } = global::Gravity.Core.NodeDefaults.EtcdPeerPort;
    public int RegistryPort { get; init; } = global::Gravity.Core.NodeDefaults.RegistryPort;
    public int HealthPort { get; init; } = global::Gravity.Core.NodeDefaults.HealthPort;
    public IReadOnlyList<string> SkipChecks { get; init; } = [];
    /// <summary>Create the plan only; run it with `gravity plan execute|resume`.</summary>
    public bool Manual { get; init; }
    /// <summary>The gravity program the agent runs (default: the one running now, see <see cref="GravityProgram"/>).</summary>
    public GravityProgram? Gravity { get; init; }
    public string ListenAddress { get; init; } = global::Gravity.Core.NodeDefaults.ListenAddress;
    public bool ManageEtcHosts { get; init; }
}

/// <summary>How `gravity install` ended: the operation and, unless --manual, its final plan state.</summary>
public sealed record InstallResult(string OperationId, bool Completed, Plans.PlanStatus Status);

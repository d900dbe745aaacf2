namespace Gravity.Cluster.Operations.Install;

/// <summary>The flags of `gravity install` (the node's own in <see cref="NodeFlags"/>).</summary>
public sealed record InstallRequest : NodeFlags
{
    public required string ImageDir { get; init; }
    public string? ClusterName { get; init; }
    public string? Token { get; init; }
    public string? Flavor { get; init; }
}

/// <summary>How `gravity install` ended: the operation and, unless --manual, its final plan state.</summary>
public sealed record InstallResult(string OperationId, bool Completed, Plans.PlanStatus Status);

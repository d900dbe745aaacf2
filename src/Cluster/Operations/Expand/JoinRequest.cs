namespace Gravity.Cluster.Operations.Expand;

/// <summary>The flags of `gravity join PEER` (the node's own in <see cref="NodeFlags"/>).</summary>
public sealed record JoinRequest : NodeFlags
{
    /// <summary>A node of the cluster: ADDR or ADDR:PORT of its agent.</summary>
    public required string Peer { get; init; }
    public required string Token { get; init; }
}

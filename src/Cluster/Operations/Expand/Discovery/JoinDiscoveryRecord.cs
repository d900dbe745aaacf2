namespace Gravity.Cluster.Operations.Expand.Discovery;

/// <summary>What a joining node needs to find its cluster: a node to ask (the peer) and the cluster's join token.</summary>
/// <param name="Peer">A cluster node's agent: https://ADDR:PORT, ADDR:PORT or ADDR, as `gravity join PEER` takes it.</param>
public sealed record JoinDiscoveryRecord(string ClusterName, string Peer, string Token)
{
    /// <summary>Leaves the token out: records end up in messages and logs.</summary>
    public override string ToString() => $"cluster {ClusterName}, peer {Peer}";
}

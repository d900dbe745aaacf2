namespace Gravity.Cluster.Operations.Expand.Discovery;

/// <summary>Finds the peer and join token of a cluster by its name (`gravity autojoin CLUSTER`).</summary>
public interface IJoinDiscovery
{
    /// <summary>The provider and where it looks ("SSM Parameter Store at https://...", "file /etc/..."): for messages.</summary>
    string Provider { get; }

    /// <summary>The cluster's record; throws <see cref="JoinDiscoveryException"/> naming what is missing or wrong.</summary>
    Task<JoinDiscoveryRecord> DiscoverAsync(string clusterName, CancellationToken ct = default);
}

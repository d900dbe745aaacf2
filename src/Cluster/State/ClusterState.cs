namespace Gravity.Cluster.State;

public static class ClusterStatuses
{
    public const string Installing = "installing";
    public const string Active = "active";
    public const string Degraded = "degraded";
}

public sealed record ClusterApplication(string Name, string Version);

/// <summary>What the cluster records about itself in etcd at the end of the install.</summary>
public sealed record ClusterInfo(string Name, DateTimeOffset Created, ClusterApplication Application, string JoinToken, string Status);

/// <summary>A member of the cluster, as recorded in etcd.</summary>
public sealed record ClusterNode(string Name, string AdvertiseAddr, string Role, DateTimeOffset Joined, string Status);

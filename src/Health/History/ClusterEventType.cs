namespace Gravity.Health.History;

/// <summary>The kinds of events the status history tracks (names as printed by `gravity status history`).</summary>
public enum ClusterEventType
{
    ClusterHealthy,
    ClusterDegraded,
    NodeAdded,
    NodeRemoved,
    NodeDegraded,
    NodeRecovered,
    ProbeSucceeded,
    ProbeFailed,
    LeaderElected,
}

public static class ClusterEventTypeNames
{
    public static string Display(this ClusterEventType type) => type switch
    {
        ClusterEventType.ClusterHealthy => "Cluster Healthy",
        ClusterEventType.ClusterDegraded => "Cluster Degraded",
        ClusterEventType.NodeAdded => "Node Added",
        ClusterEventType.NodeRemoved => "Node Removed",
        ClusterEventType.NodeDegraded => "Node Degraded",
        ClusterEventType.NodeRecovered => "Node Recovered",
        ClusterEventType.ProbeSucceeded => "Probe Succeeded",
        ClusterEventType.ProbeFailed => "Probe Failed",
        ClusterEventType.LeaderElected => "Leader Elected",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, null),
    };
}

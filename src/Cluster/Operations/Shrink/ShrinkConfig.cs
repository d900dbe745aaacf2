using System.Text.Json;
using Gravity.Cluster.Plans;
using Gravity.Cluster.State;

namespace Gravity.Cluster.Operations.Shrink;

/// <summary>What a shrink (`gravity leave`, `gravity remove NODE`) removes and how, fixed when the operation is recorded.</summary>
public sealed record ShrinkConfig
{
    /// <summary>The node removed, as the cluster recorded it.</summary>
    public required ClusterNode Target { get; init; }
    /// <summary>The node that runs the operation (the leaving node itself for `gravity leave`).</summary>
    public required string Initiator { get; init; }
    public required string InitiatorStateDir { get; init; }
    /// <summary>--force: the target could not be reached, so nothing runs on it; it is only removed from every record.</summary>
    public bool Force { get; init; }
    public required string AppName { get; init; }
    public required string AppVersion { get; init; }
    public required DateTimeOffset Created { get; init; }
    /// <summary>
    /// Whether /drain cordons and drains the node in Kubernetes first: when the initiator reaches the cluster's
    /// Kubernetes (its admin kubeconfig) and the node is reachable (a lost node's kubelet would never let its pods go).
    /// </summary>
    public bool Drain { get; init; }
    /// <summary>How long /drain waits for evictions a PodDisruptionBudget refuses and for evicted pods to go (--drain-timeout).</summary>
    public TimeSpan DrainTimeout { get; init; } = DefaultDrainTimeout;
    /// <summary>--force on a reachable node: a node that cannot be drained in time is removed all the same, with a warning.</summary>
    public bool DrainFailureIsWarning { get; init; }

    /// <summary>Gravity's drain timeout at shrink (lifecycle reference: 1 h).</summary>
    public static readonly TimeSpan DefaultDrainTimeout = TimeSpan.FromHours(1);

    public bool Leaving => Target.Name == Initiator;

    public string Serialize() => JsonSerializer.Serialize(this, PlanJson.Options);

    public static ShrinkConfig Deserialize(string json)
        => JsonSerializer.Deserialize<ShrinkConfig>(json, PlanJson.Options) ?? throw new InvalidDataException("empty shrink configuration");
}

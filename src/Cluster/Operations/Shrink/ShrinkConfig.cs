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

    public bool Leaving => Target.Name == Initiator;

    public string Serialize() => JsonSerializer.Serialize(this, PlanJson.Options);

    public static ShrinkConfig Deserialize(string json)
        => JsonSerializer.Deserialize<ShrinkConfig>(json, PlanJson.Options) ?? throw new InvalidDataException("empty shrink configuration");
}

using System.Text.Json;
using Gravity.Cluster.Plans;
using Gravity.Cluster.State;

namespace Gravity.Cluster.Operations.Upgrade;

/// <summary>What an upgrade (`gravity upgrade`) changes and on which nodes, fixed when the operation is recorded.</summary>
public sealed record UpgradeConfig
{
    public required string AppName { get; init; }
    public required string FromVersion { get; init; }
    public required string ToVersion { get; init; }
    /// <summary>The sha256 of the uploaded image's head.json (<see cref="UploadedApplication.HeadDigest"/>): /init checks the folder is still that image.</summary>
    public required string HeadDigest { get; init; }
    /// <summary>The masters as the cluster recorded them, the leader (the first upgraded) first.</summary>
    public required IReadOnlyList<ClusterNode> Masters { get; init; }
    /// <summary>The regular nodes, upgraded after every master.</summary>
    public IReadOnlyList<ClusterNode> Nodes { get; init; } = [];
    /// <summary>Whether the etcd of the new runtime package is another version than the running one's (adds /etcd).</summary>
    public bool EtcdVersionChanges { get; init; }
    /// <summary>How many regular nodes are upgraded at once (--parallel-workers).</summary>
    public int ParallelWorkers { get; init; } = DefaultParallelWorkers;
    /// <summary>The master that runs the operation: the cluster-wide phases (init, checks, hooks, Kubernetes API calls) run there.</summary>
    public required string Initiator { get; init; }
    public required string InitiatorStateDir { get; init; }
    public required DateTimeOffset Created { get; init; }

    public const int DefaultParallelWorkers = 1;

    public IEnumerable<ClusterNode> AllNodes => Masters.Concat(Nodes);

    public ClusterNode NodeNamed(string name) => AllNodes.FirstOrDefault(n => n.Name == name)
        ?? throw new Core.GravityException($"node {name} is not part of upgrade {FromVersion} -> {ToVersion}");

    public string Serialize() => JsonSerializer.Serialize(this, PlanJson.Options);

    public static UpgradeConfig Deserialize(string json)
        => JsonSerializer.Deserialize<UpgradeConfig>(json, PlanJson.Options) ?? throw new InvalidDataException("empty upgrade configuration");
}

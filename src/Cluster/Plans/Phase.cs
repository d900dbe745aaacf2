namespace Gravity.Cluster.Plans;

/// <summary>
/// One step of an operation plan. A phase with children is a group: it has no executor of its own and its state follows
/// its children. IDs are absolute ("/masters/node-1/drain"), so a phase can be named on the command line.
/// </summary>
public sealed record Phase
{
    public required string Id { get; init; }
    public required string Description { get; init; }
    /// <summary>The node the phase runs on; null when it does not matter.</summary>
    public string? Node { get; init; }
    /// <summary>Phases that must be completed before this one (or any of its children) may run.</summary>
    public IReadOnlyList<string> Requires { get; init; } = [];
    /// <summary>For a group: run the children at the same time instead of in order.</summary>
    public bool Parallel { get; init; }
    /// <summary>For a parallel group: how many children run at once (null: all of them).</summary>
    public int? MaxParallel { get; init; }
    /// <summary>For a leaf: the name of the registered <see cref="IPhaseExecutor"/>.</summary>
    public string? Executor { get; init; }
    /// <summary>For a leaf: parameters for its executor.</summary>
    public IReadOnlyDictionary<string, string> Data { get; init; } = new Dictionary<string, string>();
    public IReadOnlyList<Phase> Phases { get; init; } = [];

    [System.Text.Json.Serialization.JsonIgnore]
    public bool IsGroup => Phases.Count > 0;

    /// <summary>The last segment of the ID ("drain" for "/masters/node-1/drain").</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public string Name => Id[(Id.LastIndexOf('/') + 1)..];
}

namespace Gravity.Cluster.Plans;

/// <summary>
/// The immutable plan of one operation: a tree of phases listed in the order they run. The plan never changes once
/// created; progress is recorded separately as an append-only list of <see cref="PhaseChange"/>s.
/// </summary>
public sealed record OperationPlan
{
    public required string OperationId { get; init; }
    public required string OperationType { get; init; }
    public required string ClusterName { get; init; }
    public required DateTimeOffset Created { get; init; }
    public required IReadOnlyList<Phase> Phases { get; init; }

    /// <summary>The version of the gravity that built the plan (null in plans recorded before versions were kept).</summary>
    public string? GravityVersion { get; init; }

    /// <summary>Every phase, parents before their children, in execution order.</summary>
    public IEnumerable<Phase> Flatten() => Phases.SelectMany(FlattenFrom);

    public IEnumerable<Phase> Leaves() => Flatten().Where(p => !p.IsGroup);

    public Phase? Find(string id) => Flatten().FirstOrDefault(p => p.Id == Normalize(id));

    public Phase Get(string id) => Find(id) ?? throw new Core.GravityException(
        $"phase \"{id}\" is not in the plan of operation {OperationId}; phases: {string.Join(", ", Flatten().Select(p => p.Id))}");

    /// <summary>The groups that contain the phase, outermost first.</summary>
    public IReadOnlyList<Phase> AncestorsOf(string id)
    {
        var target = Normalize(id);
        var path = new List<Phase>();
        return Search(Phases, target, path) ? path : [];
    }

    /// <summary>Accepts "masters/node-1" as well as "/masters/node-1".</summary>
    public static string Normalize(string id)
    {
        var trimmed = id.Trim().TrimEnd('/');
        return trimmed.StartsWith('/') ? trimmed : "/" + trimmed;
    }

    private static IEnumerable<Phase> FlattenFrom(Phase phase) => new[] { phase }.Concat(phase.Phases.SelectMany(FlattenFrom));

    private static bool Search(IReadOnlyList<Phase> phases, string target, List<Phase> path)
    {
        foreach (var phase in phases)
        {
            if (phase.Id == target) return true;
            path.Add(phase);
            if (Search(phase.Phases, target, path)) return true;
            path.RemoveAt(path.Count - 1);
        }
        return false;
    }
}

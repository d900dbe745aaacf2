using Gravity.Cluster.Plans;

namespace Gravity.Cluster.Tests.Plans;

internal static class PlanFixtures
{
    public static Phase Leaf(string id, params string[] requires) =>
        new() { Id = id, Description = $"run {id}", Executor = "test", Requires = requires };

    public static Phase Group(string id, bool parallel, IReadOnlyList<string> requires, params Phase[] children) =>
        new() { Id = id, Description = $"group {id}", Parallel = parallel, Requires = requires, Phases = children };

    /// <summary>/init; /checks (requires /init); /masters (requires /checks) with node-1/{drain, upgrade}; /app (requires /masters).</summary>
    public static OperationPlan UpgradeLike() => new()
    {
        OperationId = "op-1",
        OperationType = "upgrade",
        ClusterName = "test",
        Created = DateTimeOffset.UnixEpoch,
        Phases =
        [
            Leaf("/init"),
            Leaf("/checks", "/init"),
            Group("/masters", false, ["/checks"],
                Group("/masters/node-1", false, [],
                    Leaf("/masters/node-1/drain"),
                    Leaf("/masters/node-1/upgrade", "/masters/node-1/drain"))),
            Group("/app", false, ["/masters"], Leaf("/app/hooks")),
        ],
    };
}

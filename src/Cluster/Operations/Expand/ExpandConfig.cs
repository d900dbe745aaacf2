using System.Text.Json;
using Gravity.Cluster.Nodes;
using Gravity.Cluster.Plans;

namespace Gravity.Cluster.Operations.Expand;

/// <summary>
/// Everything the join phases need, fixed when `gravity join` records the operation (after the cluster admitted the
/// node), so `gravity plan resume` in another process runs with the same inputs. Kept in operations.db (0600): it holds
/// the join token and the expand operation's token.
/// </summary>
public sealed record ExpandConfig
{
    /// <summary>The node this join creates: what node.json holds (the /etcd phase adds the member's cluster to it).</summary>
    public required NodeSettings Node { get; init; }
    /// <summary>The cluster node the join goes through (https://ADDR:PORT of its agent).</summary>
    public required string Peer { get; init; }
    public required string JoinToken { get; init; }
    /// <summary>The cluster CA the peer proved with the token (<see cref="JoinProof"/>); every later call trusts it alone.</summary>
    public required string CaPem { get; init; }
    /// <summary>What the cluster decided: the operation, its token, the role, master or not, the application.</summary>
    public required JoinStartResponse Admission { get; init; }
    public required string GravityBinary { get; init; }
    public IReadOnlyList<string> GravityArgs { get; init; } = [];
    public bool CopyGravityBinary { get; init; }
    public required DateTimeOffset Created { get; init; }
    public bool StateDirExisted { get; init; }
    public IReadOnlyList<string> SkippedChecks { get; init; } = [];

    public string Serialize() => JsonSerializer.Serialize(this, PlanJson.Options);

    public static ExpandConfig Deserialize(string json)
        => JsonSerializer.Deserialize<ExpandConfig>(json, PlanJson.Options) ?? throw new InvalidDataException("empty expand configuration");
}

using System.Text.Json;
using Gravity.Cluster.Etcd;
using Gravity.Cluster.Plans;

namespace Gravity.Cluster.Agents;

/// <summary>A running update agent as it recorded itself once listening: which node, where it serves phases, since when.</summary>
public sealed record UpdateAgentRecord(string Node, Uri Url, int Pid, DateTimeOffset Started);

/// <summary>
/// Where each node's update agent listens, in etcd under <see cref="Prefix"/>: written by the agent itself once it
/// listens (its port may be chosen then), removed by `gravity agent shutdown`. The upgrade's phases of other nodes are
/// sent to the URL recorded here; a node without a record has no update agent.
/// </summary>
public sealed class UpdateAgentRecords(IClusterStore etcd)
{
    public const string Prefix = "/gravity/cluster/update-agents/";

    public Task<long> PutAsync(UpdateAgentRecord record, CancellationToken ct = default)
        => etcd.PutAsync(Prefix + record.Node, JsonSerializer.Serialize(record, PlanJson.Options), ct);

    public async Task<IReadOnlyDictionary<string, UpdateAgentRecord>> ListAsync(CancellationToken ct = default)
    {
        var kvs = await etcd.GetPrefixAsync(Prefix, ct);
        return kvs.Select(kv => JsonSerializer.Deserialize<UpdateAgentRecord>(kv.Value, PlanJson.Options)!)
            .GroupBy(r => r.Node).ToDictionary(g => g.Key, g => g.Last());
    }

    public Task<long> RemoveAsync(string node, CancellationToken ct = default) => etcd.DeleteAsync(Prefix + node, ct);
}

using System.Text.Json;
using Gravity.Cluster.Etcd;
using Gravity.Cluster.Plans;

namespace Gravity.Cluster.State;

/// <summary>The cluster's shared state in etcd: one record for the cluster, one per node.</summary>
public sealed class ClusterStateStore(IClusterStore etcd)
{
    public const string ClusterKey = "/gravity/cluster/info";
    public const string NodesPrefix = "/gravity/cluster/nodes/";

    public Task<long> PutClusterAsync(ClusterInfo cluster, CancellationToken ct = default) =>
        etcd.PutAsync(ClusterKey, JsonSerializer.Serialize(cluster, PlanJson.Options), ct);

    public async Task<ClusterInfo?> GetClusterAsync(CancellationToken ct = default)
    {
        var kv = await etcd.GetAsync(ClusterKey, ct);
        return kv is null ? null : JsonSerializer.Deserialize<ClusterInfo>(kv.Value, PlanJson.Options);
    }

    public Task<long> PutNodeAsync(ClusterNode node, CancellationToken ct = default) =>
        etcd.PutAsync(NodesPrefix + node.Name, JsonSerializer.Serialize(node, PlanJson.Options), ct);

    public Task<long> RemoveNodeAsync(string name, CancellationToken ct = default) => etcd.DeleteAsync(NodesPrefix + name, ct);

    public async Task<IReadOnlyList<ClusterNode>> ListNodesAsync(CancellationToken ct = default)
    {
        var kvs = await etcd.GetPrefixAsync(NodesPrefix, ct);
        return kvs.Select(kv => JsonSerializer.Deserialize<ClusterNode>(kv.Value, PlanJson.Options)!).ToList();
    }
}

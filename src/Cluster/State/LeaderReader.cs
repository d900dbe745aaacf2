using Gravity.Cluster.Etcd;

namespace Gravity.Cluster.State;

/// <summary>Who leads the cluster now (for `gravity status`): the election key's record, or null when no master holds it.</summary>
public sealed class LeaderReader(IClusterStore etcd)
{
    public async Task<LeaderRecord?> GetAsync(CancellationToken ct = default)
    {
        var kv = await etcd.GetAsync(LeaderRecord.Key, ct);
        return kv is null ? null : LeaderRecord.TryParse(kv.Value);
    }
}

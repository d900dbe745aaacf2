using Gravity.Cluster.Etcd;
using Gravity.Cluster.State;

namespace Gravity.Cluster.Runtime.Leadership;

/// <summary>
/// Masters that do not campaign for leadership for a while (an upgrade steps its first master down while it is
/// updated, and lets each master lead again once it is healthy): a key per node under <see cref="Prefix"/>, read by the
/// node's election before each campaign (<see cref="ClusterMembership"/>). Kept in etcd, so the pause outlives a
/// restart of the node's agent, which the node's update does.
/// </summary>
public sealed class CandidacyPause(IClusterStore etcd)
{
    public const string Prefix = "/gravity/leader-paused/";

    public static string KeyOf(string node) => Prefix + node;

    public async Task<bool> IsPausedAsync(string node, CancellationToken ct = default) => await etcd.GetAsync(KeyOf(node), ct) is not null;

    public Task PauseAsync(string node, string reason, CancellationToken ct = default) => etcd.PutAsync(KeyOf(node), reason, ct);

    public Task ResumeAsync(string node, CancellationToken ct = default) => etcd.DeleteAsync(KeyOf(node), ct);

    /// <summary>A node's candidacy for <see cref="LeaderElection"/>: a master (<paramref name="isMaster"/>) whose candidacy is not paused.</summary>
    public Func<CancellationToken, Task<bool>> Candidacy(string node, Func<CancellationToken, Task<bool>> isMaster)
        => async ct => await isMaster(ct) && !await IsPausedAsync(node, ct);

    /// <summary>Pauses <paramref name="node"/> and, when it leads, ends its lead: its election sees the key go, revokes its lease and does not campaign again.</summary>
    /// <returns>Whether the node was the leader.</returns>
    public async Task<bool> StepDownAsync(string node, string reason, CancellationToken ct = default)
    {
        await PauseAsync(node, reason, ct);
        var kv = await etcd.GetAsync(LeaderRecord.Key, ct);
        if (kv is null || LeaderRecord.TryParse(kv.Value)?.Node != node) return false;
        await etcd.DeleteAsync(LeaderRecord.Key, ct);
        return true;
    }
}

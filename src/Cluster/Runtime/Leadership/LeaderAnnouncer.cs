using Gravity.Cluster.Certificates;
using Gravity.Cluster.State;
using Gravity.Health.History;

namespace Gravity.Cluster.Runtime.Leadership;

/// <summary>
/// What a node does when it sees a new leader: a master records "Leader Elected" with the leader's name and the
/// election time of the key (identical on every master, so merged histories hold it once); where the agent manages
/// /etc/hosts, leader.telekube.local is pointed at the leader; a regular node's containerd pulls from the leader's registry.
/// </summary>
public sealed class LeaderAnnouncer(HistoryStore history, Func<CancellationToken, Task<bool>> isMaster, string? hostsFile,
    LeaderRegistryRoute? registryRoute = null)
{
    public async Task AnnounceAsync(LeaderRecord leader, CancellationToken ct)
    {
        if (hostsFile is not null) await EtcHosts.EnsureAsync(hostsFile, leader.AdvertiseAddr, ClusterPki.LeaderName);
        if (registryRoute is not null) await registryRoute.FollowAsync(leader, ct);
        if (await isMaster(ct)) await history.RecordAsync(new ClusterEvent(leader.Elected, ClusterEventType.LeaderElected, leader.Node), ct);
    }
}

using Gravity.Cluster.Etcd;
using Gravity.Cluster.Runtime.Leadership;
using Gravity.Cluster.State;
using Gravity.Health.History;

namespace Gravity.Cluster.Runtime;

/// <summary>
/// The agent's part in the cluster beside its own services: the leader election (campaigning only on masters) for as
/// long as the agent runs. Disposing steps down (a leader revokes its lease) and closes the store.
/// </summary>
public sealed class ClusterMembership : IAsyncDisposable
{
    private const string HostsFile = "/etc/hosts";
    private readonly IClusterStore _store;
    private readonly CancellationTokenSource _stop;
    private readonly Task _election;

    private ClusterMembership(IClusterStore store, LeaderElection election, CancellationToken ct)
    {
        _store = store;
        Election = election;
        _stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        _election = Task.Run(() => election.RunAsync(_stop.Token), CancellationToken.None);
    }

    public LeaderElection Election { get; }

    public static ClusterMembership Start(NodeAgentConfig config, HistoryStore history, ClusterAgentOptions options, CancellationToken ct)
    {
        var node = config.Node;
        var store = options.CreateStore(node);
        var candidacy = new MasterCandidacy(new ClusterStateStore(store), node.NodeName);
        var announcer = new LeaderAnnouncer(history, candidacy.IsMasterAsync, node.ManageEtcHosts ? HostsFile : null);
        var election = new LeaderElection(store, node.NodeName, node.AdvertiseAddr, candidacy.IsMasterAsync, announcer.AnnounceAsync, options.Election);
        return new ClusterMembership(store, election, ct);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _election;
        _stop.Dispose();
        _store.Dispose();
    }
}

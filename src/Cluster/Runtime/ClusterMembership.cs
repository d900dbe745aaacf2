using Gravity.Cluster.Certificates;
using Gravity.Cluster.Etcd;
using Gravity.Cluster.Runtime.ClusterHealth;
using Gravity.Cluster.Runtime.HistorySync;
using Gravity.Cluster.Runtime.Leadership;
using Gravity.Cluster.State;
using Gravity.Health.History;
using Gravity.Health.Monitoring;
using Gravity.Health.Probes;

namespace Gravity.Cluster.Runtime;

/// <summary>
/// The agent's part in the cluster beside its own services: the leader election (campaigning only on masters) for as
/// long as the agent runs, and the cluster probes (node-status, time-drift) whose round also gathers the other nodes'
/// reports for this node's health endpoint, and the history shared by the masters (<see cref="HistoryReplicator"/>). Disposing steps down (a leader revokes its lease) and closes the store.
/// </summary>
public sealed class ClusterMembership : IAsyncDisposable
{
    private const string HostsFile = "/etc/hosts";
    private readonly IClusterStore _store;
    private readonly HttpClient _peers;
    private readonly PeerHealthCollector _collector;
    private readonly CancellationTokenSource _stop;
    private readonly Task _election;
    private readonly Task _replication;

    private ClusterMembership(IClusterStore store, HttpClient peers, PeerHealthCollector collector, IReadOnlyList<IProbe> probes,
        LeaderElection election, HistoryReplicator replicator, TimeProvider clock, CancellationToken ct)
    {
        _store = store;
        _peers = peers;
        _collector = collector;
        Probes = probes;
        Clock = clock;
        Election = election;
        _stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        _election = Task.Run(() => election.RunAsync(_stop.Token), CancellationToken.None);
        _replication = Task.Run(() => replicator.RunAsync(_stop.Token), CancellationToken.None);
    }

    public LeaderElection Election { get; }

    /// <summary>The cluster probes, to run in the node's rounds.</summary>
    public IReadOnlyList<IProbe> Probes { get; }

    /// <summary>The other nodes' reports as of this round's node-status probe.</summary>
    public IReadOnlyList<NodeHealth> Peers => _collector.Latest;

    public TimeProvider Clock { get; }

    public static ClusterMembership Start(NodeAgentConfig config, ClusterPki pki, HistoryStore history, ClusterAgentOptions options, CancellationToken ct)
    {
        var node = config.Node;
        var store = options.CreateStore(node);
        var state = new ClusterStateStore(store);
        // Node to node: the peer must show a certificate of the cluster CA, and so do we (the node certificate).
        var peers = ClusterTrust.CreateClient(pki.NodeTls, options.PeerTimeout);
        var known = new KnownNodes(state);
        var collector = new PeerHealthCollector(known, node.NodeName, peers);
        IProbe[] probes = [new NodeStatusProbe(collector), new TimeDriftProbe(known, node.NodeName, peers, options.Clock)];
        var candidacy = new MasterCandidacy(state, node.NodeName);
        // A node set up as regular (no etcd member, no registry) never leads, whatever the records say.
        Func<CancellationToken, Task<bool>> isMaster = node.Master ? candidacy.IsMasterAsync : _ => Task.FromResult(false);
        var registryRoute = !node.Master && config.RunContainerd ? new LeaderRegistryRoute(node, state, pki.NodeTls) : null;
        var announcer = new LeaderAnnouncer(history, isMaster, node.ManageEtcHosts ? HostsFile : null, registryRoute);
        // A master whose candidacy an upgrade paused keeps being a master (history, hosts) but does not campaign.
        var election = new LeaderElection(store, node.NodeName, node.AdvertiseAddr, new CandidacyPause(store).Candidacy(node.NodeName, isMaster),
            announcer.AnnounceAsync, options.Election);
        var replicator = new HistoryReplicator(store, history, isMaster, () => election.IsLeader, options.Clock) { Resync = options.HistoryResync };
        return new ClusterMembership(store, peers, collector, probes, election, replicator, options.Clock, ct);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _election;
        await _replication;
        _stop.Dispose();
        _peers.Dispose();
        _store.Dispose();
    }
}

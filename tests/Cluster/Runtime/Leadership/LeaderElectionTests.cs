using Gravity.Cluster.Etcd;
using Gravity.Cluster.Runtime.Leadership;
using Gravity.Cluster.State;
using Gravity.Cluster.Tests.Etcd;
using Gravity.Health.History;
using Gravity.Testing;

namespace Gravity.Cluster.Tests.Runtime.Leadership;

public sealed class LeaderElectionTests : IAsyncLifetime
{
    private static readonly TimeSpan Bounded = TimeSpan.FromSeconds(30);
    private EtcdProcess _etcd = null!;
    private readonly List<Participant> _participants = [];

    public async Task InitializeAsync() => _etcd = await EtcdProcess.StartAsync();

    public async Task DisposeAsync()
    {
        foreach (var p in _participants) await p.DisposeAsync();
        await _etcd.DisposeAsync();
    }

    [Fact]
    public async Task Two_masters_elect_one_leader_and_the_other_takes_over_when_the_leader_dies()
    {
        var a = Start("node-a", candidate: true, ttl: TimeSpan.FromSeconds(3));
        await WaitAsync(() => a.Election.IsLeader, "node-a leads");
        var b = Start("node-b", candidate: true, ttl: TimeSpan.FromSeconds(3));
        await WaitAsync(() => b.Election.Leader?.Node == "node-a", "node-b sees node-a lead");
        b.Election.IsLeader.Should().BeFalse();
        var first = a.Election.Leader!;

        // The leader's process dies: its connection to etcd closes, nothing revokes the lease, etcd lets it expire.
        a.Crash();
        await WaitAsync(() => b.Election.IsLeader, "node-b takes over once node-a's lease expires");
        var second = b.Election.Leader!;
        second.Elected.Should().BeAfter(first.Elected);
        (await new LeaderReader(b.Store).GetAsync()).Should().Be(second);

        (await Elections(b)).Should().Equal(("node-a", first.Elected), ("node-b", second.Elected));
        (await Elections(a)).Should().Equal(("node-a", first.Elected));
    }

    [Fact]
    public async Task A_leader_that_steps_down_revokes_its_lease_so_another_takes_over_long_before_the_ttl()
    {
        var ttl = TimeSpan.FromMinutes(5);
        var a = Start("node-a", candidate: true, ttl);
        await WaitAsync(() => a.Election.IsLeader, "node-a leads");
        var b = Start("node-b", candidate: true, ttl);
        await WaitAsync(() => b.Election.Leader?.Node == "node-a", "node-b sees node-a lead");

        await a.DisposeAsync();
        await WaitAsync(() => b.Election.IsLeader, "node-b leads after node-a stepped down");
        (await Elections(b)).Select(e => e.Node).Should().Equal("node-a", "node-b");
    }

    [Fact]
    public async Task A_regular_node_never_campaigns_but_follows_the_leader()
    {
        var regular = Start("node-r", candidate: false, TimeSpan.FromSeconds(3));
        await WaitAsync(() => regular.CandidacyChecks >= 3, "the regular node went through rounds");
        (await _etcd.Client().GetAsync(LeaderRecord.Key)).Should().BeNull("a regular node does not campaign");
        regular.Election.IsLeader.Should().BeFalse();

        var master = Start("node-m", candidate: true, TimeSpan.FromSeconds(3));
        await WaitAsync(() => regular.Election.Leader?.Node == "node-m", "the regular node sees the master lead");
    }

    [Fact]
    public async Task A_regular_nodes_containerd_follows_each_leaders_registry_on_its_recorded_port_not_the_master_it_joined_through()
    {
        using var dir = new TempDir("route");
        using var client = _etcd.Client();
        var state = new ClusterStateStore(client);
        await state.PutNodeAsync(new ClusterNode("node-2", "10.0.0.2", "master", DateTimeOffset.UtcNow, "healthy", RegistryPort: 15000));
        var node = new Gravity.Cluster.Nodes.NodeSettings
        {
            StateDir = dir.Path, ClusterName = "c", NodeName = "node-4", AdvertiseAddr = "10.0.0.4", Role = "worker", Master = false,
            UpstreamRegistry = "10.0.0.1:5000", GravityBinary = "gravity",
        };
        var tls = new Gravity.Cluster.Certificates.ClusterPki(dir.Path).NodeTls;
        var hostsToml = node.Folder.ContainerdHostConfig($"{Gravity.Cluster.Certificates.ClusterPki.LeaderName}:{node.RegistryPort}");
        var route = new LeaderRegistryRoute(node, state, tls);

        await route.FollowAsync(new LeaderRecord("node-2", "10.0.0.2", DateTimeOffset.UtcNow), default);
        (await File.ReadAllTextAsync(hostsToml)).Should().Contain("[host.\"https://10.0.0.2:15000\"]").And.NotContain("10.0.0.1");

        // A leader with no record (yet) is reached on the default port.
        await route.FollowAsync(new LeaderRecord("node-3", "10.0.0.3", DateTimeOffset.UtcNow), default);
        (await File.ReadAllTextAsync(hostsToml)).Should().Contain("[host.\"https://10.0.0.3:5000\"]").And.NotContain("10.0.0.2");
    }

    [Fact]
    public async Task Only_a_recorded_master_or_the_first_node_of_an_empty_cluster_is_a_candidate()
    {
        using var client = _etcd.Client();
        var state = new ClusterStateStore(client);
        (await new MasterCandidacy(state, "node-1").IsMasterAsync(default)).Should().BeTrue("an empty cluster is being installed by its first master");
        await state.PutNodeAsync(new ClusterNode("node-1", "10.0.0.1", "master", DateTimeOffset.UtcNow, "healthy"));
        await state.PutNodeAsync(new ClusterNode("node-2", "10.0.0.2", "worker", DateTimeOffset.UtcNow, "healthy", Master: false));
        (await new MasterCandidacy(state, "node-1").IsMasterAsync(default)).Should().BeTrue();
        (await new MasterCandidacy(state, "node-2").IsMasterAsync(default)).Should().BeFalse();
        (await new MasterCandidacy(state, "node-3").IsMasterAsync(default)).Should().BeFalse("a node not recorded yet is joining, not installing");
    }

    private Participant Start(string name, bool candidate, TimeSpan ttl)
    {
        var p = new Participant(name, candidate, _etcd.Client(), ttl);
        _participants.Add(p);
        return p;
    }

    private static async Task<List<(string? Node, DateTimeOffset Time)>> Elections(Participant p)
        => (await p.History.ListAsync()).Where(e => e.Type == ClusterEventType.LeaderElected).Select(e => (e.Node, e.Time)).ToList();

    private static async Task WaitAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + Bounded;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"not within {Bounded.TotalSeconds} s: {what}");
            await Task.Delay(50);
        }
    }

    private sealed class Participant : IAsyncDisposable
    {
        private readonly TempDir _dir = new("election");
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _run;
        private int _candidacyChecks;
        private bool _disposed;

        public Participant(string name, bool candidate, IClusterStore store, TimeSpan ttl)
        {
            Store = store;
            History = new HistoryStore(_dir.Path);
            var announcer = new LeaderAnnouncer(History, _ => Task.FromResult(true), hostsFile: null);
            Election = new LeaderElection(store, name, "127.0.0.1", _ =>
                {
                    Interlocked.Increment(ref _candidacyChecks);
                    return Task.FromResult(candidate);
                }, announcer.AnnounceAsync,
                new LeaderElectionOptions { LeaseTtl = ttl, RetryDelay = TimeSpan.FromMilliseconds(200), Resync = TimeSpan.FromMilliseconds(500) });
            _run = Task.Run(() => Election.RunAsync(_stop.Token));
        }

        public IClusterStore Store { get; }
        public HistoryStore History { get; }
        public LeaderElection Election { get; }
        public int CandidacyChecks => Volatile.Read(ref _candidacyChecks);

        public void Crash() => Store.Dispose();

        public async ValueTask DisposeAsync()
        {
            if (_disposed) return;
            _disposed = true;
            await _stop.CancelAsync();
            await _run.WaitAsync(Bounded);
            Store.Dispose();
            _dir.Dispose();
        }
    }
}

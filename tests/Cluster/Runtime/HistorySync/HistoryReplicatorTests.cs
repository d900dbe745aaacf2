using Gravity.Cluster.Etcd;
using Gravity.Cluster.Runtime.HistorySync;
using Gravity.Cluster.Tests.Etcd;
using Gravity.Health.History;
using Gravity.Testing;

namespace Gravity.Cluster.Tests.Runtime.HistorySync;

public sealed class HistoryReplicatorTests : IAsyncLifetime
{
    private static readonly TimeSpan Bounded = TimeSpan.FromSeconds(30);
    private static readonly DateTimeOffset Start = DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()); // the history keeps ms
    private EtcdProcess _etcd = null!;
    private readonly List<Member> _members = [];

    public async Task InitializeAsync() => _etcd = await EtcdProcess.StartAsync();

    public async Task DisposeAsync()
    {
        foreach (var m in _members) await m.DisposeAsync();
        await _etcd.DisposeAsync();
    }

    [Fact]
    public async Task An_event_recorded_on_one_master_appears_once_on_every_other_and_earlier_events_follow()
    {
        var a = Add(master: true);
        var earlier = new ClusterEvent(Start.AddSeconds(1), ClusterEventType.NodeAdded, "node-a");
        await a.History.RecordAsync(earlier);
        var b = Add(master: true);
        var regular = Add(master: false);
        a.Start();
        b.Start();
        regular.Start();

        var probe = new ClusterEvent(Start.AddSeconds(2), ClusterEventType.ProbeFailed, "node-a", "etcd-healthz", "refused");
        await a.History.RecordAsync(probe);
        var leader = new ClusterEvent(Start.AddSeconds(3), ClusterEventType.LeaderElected, "node-a");
        await a.History.RecordAsync(leader);
        await b.History.RecordAsync(leader); // both masters record the election: one event
        var fromRegular = new ClusterEvent(Start.AddSeconds(4), ClusterEventType.NodeDegraded, "node-r");
        await regular.History.RecordAsync(fromRegular);

        // Another process of node-a (a join's phase) writes the history file directly: sent on a later round.
        var byAnotherProcess = new ClusterEvent(Start.AddSeconds(5), ClusterEventType.NodeAdded, "node-x");
        await new HistoryStore(a.Dir).RecordAsync(byAnotherProcess);

        var all = new[] { earlier, probe, leader, fromRegular, byAnotherProcess };
        await WaitAsync(async () => (await b.History.ListAsync()).Count == all.Length, "node-b has every event");
        await WaitAsync(async () => (await a.History.ListAsync()).Count == all.Length, "node-a has every event");
        (await b.History.ListAsync()).Should().Equal(all);
        (await a.History.ListAsync()).Should().Equal(all);
        (await regular.History.ListAsync()).Should().Equal([fromRegular], "a regular node sends its events but keeps no cluster history");
    }

    [Theory]
    [InlineData("""{"time":1764000000000,"type":"ProbeFailed","node":"node-1\n2020-01-01T00:00:00Z [Cluster Healthy]","checker":"x"}""")]
    [InlineData("""{"time":1764000000000,"type":"NoSuchType","node":"node-1"}""")]
    [InlineData("""{"time":1764000000000,"type":"42","node":"node-1"}""")]
    [InlineData("""{"time":-5,"type":"NodeAdded","node":"node-1"}""")]
    [InlineData("garbage")]
    public void A_shared_value_that_is_not_an_event_is_skipped(string value)
        => SharedHistoryKeys.TryParse(value).Should().BeNull();

    [Fact]
    public void A_shared_event_keeps_its_identity_and_sorts_by_time()
    {
        var ev = new ClusterEvent(DateTimeOffset.FromUnixTimeMilliseconds(1_764_000_000_123), ClusterEventType.ProbeFailed, "node-1", "etcd-healthz", "refused");
        SharedHistoryKeys.TryParse(SharedHistoryKeys.ValueOf(ev)).Should().Be(ev);
        SharedHistoryKeys.TimeOf(SharedHistoryKeys.KeyOf(ev)).Should().Be(ev.Time);
        string.CompareOrdinal(SharedHistoryKeys.KeyOf(ev), SharedHistoryKeys.KeyOf(ev with { Time = ev.Time.AddMilliseconds(1) })).Should().BeNegative();
    }

    private Member Add(bool master)
    {
        var m = new Member(_etcd.Client(), master);
        _members.Add(m);
        return m;
    }

    private static async Task WaitAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow + Bounded;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"not within {Bounded.TotalSeconds} s: {what}");
            await Task.Delay(50);
        }
    }

    private sealed class Member(IClusterStore store, bool master) : IAsyncDisposable
    {
        private readonly TempDir _dir = new("history-sync");
        private readonly CancellationTokenSource _stop = new();
        private Task? _run;
        private HistoryStore? _history;

        public HistoryStore History => _history ??= new HistoryStore(_dir.Path);
        public string Dir => _dir.Path;

        public void Start()
        {
            var replicator = new HistoryReplicator(store, History, _ => Task.FromResult(master), () => false)
                { Resync = TimeSpan.FromSeconds(1), RetryDelay = TimeSpan.FromMilliseconds(200) };
            _run = Task.Run(() => replicator.RunAsync(_stop.Token));
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            if (_run is not null) await _run.WaitAsync(Bounded);
            store.Dispose();
            _dir.Dispose();
        }
    }
}

using Gravity.Health.History;
using Gravity.Testing;

namespace Gravity.Health.Tests;

public class HistoryStoreTests
{
    [Fact]
    public async Task Many_first_records_at_once_on_a_new_store_all_land()
    {
        // The agent's monitor, election and history replication write at once right after start.
        using var dir = new TempDir();
        var store = new HistoryStore(dir.Path);
        var start = DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        var events = Enumerable.Range(0, 6).Select(i => new ClusterEvent(start.AddMilliseconds(i), ClusterEventType.NodeAdded, $"node-{i}")).ToList();
        // Threads released together, so the first opens really overlap (the pool would start them one by one).
        using var barrier = new Barrier(events.Count);
        var errors = new System.Collections.Concurrent.ConcurrentBag<Exception>();
        var threads = events.Select(e => new Thread(() =>
        {
            barrier.SignalAndWait();
            try { store.RecordAsync(e).GetAwaiter().GetResult().Should().BeTrue(); }
            catch (Exception ex) { errors.Add(ex); }
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());
        errors.Should().BeEmpty();
        (await store.ListAsync()).Should().Equal(events);
    }

    [Fact]
    public async Task Recording_the_same_event_twice_stores_it_once()
    {
        using var dir = new TempDir();
        var store = new HistoryStore(dir.Path);
        var at = DateTimeOffset.UtcNow.AddMinutes(-1);

        (await store.RecordAsync(new ClusterEvent(at, ClusterEventType.NodeDegraded, "node-1"))).Should().BeTrue();
        (await store.RecordAsync(new ClusterEvent(at, ClusterEventType.NodeDegraded, "node-1"))).Should().BeFalse();
        await store.RecordAsync(new ClusterEvent(at, ClusterEventType.NodeDegraded, "node-2"));

        var events = await new HistoryStore(dir.Path).ListAsync();
        events.Select(e => e.Node).Should().Equal("node-1", "node-2");
    }

    [Fact]
    public async Task Events_older_than_seven_days_are_pruned()
    {
        using var dir = new TempDir();
        var now = DateTimeOffset.UtcNow;
        var store = new HistoryStore(dir.Path, now: () => now);
        await store.RecordAsync(new ClusterEvent(now.AddDays(-8), ClusterEventType.ProbeFailed, "node-1", "etcd-healthz"));
        await store.RecordAsync(new ClusterEvent(now.AddDays(-6), ClusterEventType.ProbeSucceeded, "node-1", "etcd-healthz"));

        var events = await store.ListAsync();
        events.Should().ContainSingle().Which.Type.Should().Be(ClusterEventType.ProbeSucceeded);
    }

    [Fact]
    public void Lines_are_formatted_and_aligned_as_in_the_reference()
    {
        var at = new DateTimeOffset(2020, 2, 18, 21, 36, 7, TimeSpan.Zero);
        new ClusterEvent(at, ClusterEventType.NodeDegraded, "node-1").Format()
            .Should().Be("2020-02-18T21:36:07Z [Node Degraded]     node=node-1");
        new ClusterEvent(at, ClusterEventType.ProbeSucceeded, "node-1", "time-drift").Format()
            .Should().Be("2020-02-18T21:36:07Z [Probe Succeeded]   node=node-1 checker=time-drift");
        new ClusterEvent(at, ClusterEventType.NodeRecovered, "node-3").Format()
            .Should().Be("2020-02-18T21:36:07Z [Node Recovered]    node=node-3");
        new ClusterEvent(at, ClusterEventType.ProbeFailed, "node-1", "etcd-healthz", "connection refused").Format()
            .Should().Be("2020-02-18T21:36:07Z [Probe Failed]      node=node-1 checker=etcd-healthz");
    }
}

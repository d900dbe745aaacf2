using Gravity.Health.History;
using Gravity.Testing;

namespace Gravity.Health.Tests;

public class HistoryStoreTests
{
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

using Gravity.Cluster.Etcd;
using Gravity.Cluster.Runtime.Leadership;
using Gravity.Cluster.Tests.Etcd;

namespace Gravity.Cluster.Tests.Runtime.Leadership;

/// <summary>An upgrade's stepdown and elect (<see cref="CandidacyPause"/>) against real etcd: a paused master gives up its lead and does not take it back until resumed.</summary>
public sealed class CandidacyPauseTests : IAsyncLifetime
{
    private static readonly TimeSpan Bounded = TimeSpan.FromSeconds(30);
    private EtcdProcess _etcd = null!;
    private readonly List<(CancellationTokenSource Stop, Task Run, IClusterStore Store)> _running = [];

    public async Task InitializeAsync() => _etcd = await EtcdProcess.StartAsync();

    public async Task DisposeAsync()
    {
        foreach (var (stop, run, store) in _running)
        {
            await stop.CancelAsync();
            await run.WaitAsync(Bounded);
            store.Dispose();
        }
        await _etcd.DisposeAsync();
    }

    [Fact]
    public async Task A_stepped_down_master_lets_the_other_lead_and_campaigns_again_only_once_resumed()
    {
        var a = Start("node-a");
        await WaitAsync(() => a.IsLeader, "node-a leads");
        var b = Start("node-b");
        await WaitAsync(() => b.Leader?.Node == "node-a", "node-b sees node-a lead");

        using var etcd = _etcd.Client();
        var pause = new CandidacyPause(etcd);
        (await pause.StepDownAsync("node-a", "upgrade")).Should().BeTrue("node-a was the leader");
        await WaitAsync(() => b.IsLeader, "node-b leads once node-a stepped down");
        (await pause.IsPausedAsync("node-a")).Should().BeTrue();

        // node-b goes too: node-a, still paused, must not take over; nobody leads.
        (await pause.StepDownAsync("node-b", "upgrade")).Should().BeTrue();
        await WaitAsync(() => !b.IsLeader, "node-b gave up its lead");
        await Task.Delay(TimeSpan.FromSeconds(1));
        a.IsLeader.Should().BeFalse("a paused master does not campaign");
        (await etcd.GetAsync(Gravity.Cluster.State.LeaderRecord.Key)).Should().BeNull();

        await pause.ResumeAsync("node-a");
        await WaitAsync(() => a.IsLeader, "node-a leads again once its candidacy is resumed");
        b.IsLeader.Should().BeFalse();
        (await pause.StepDownAsync("node-b", "upgrade")).Should().BeFalse("node-b does not lead");
    }

    private LeaderElection Start(string name)
    {
        var store = _etcd.Client();
        var election = new LeaderElection(store, name, "127.0.0.1", new CandidacyPause(store).Candidacy(name, _ => Task.FromResult(true)), (_, _) => Task.CompletedTask,
            new LeaderElectionOptions { LeaseTtl = TimeSpan.FromMinutes(5), RetryDelay = TimeSpan.FromMilliseconds(200), Resync = TimeSpan.FromMilliseconds(300) });
        var stop = new CancellationTokenSource();
        _running.Add((stop, Task.Run(() => election.RunAsync(stop.Token)), store));
        return election;
    }

    private static async Task WaitAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + Bounded;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"not within {Bounded.TotalSeconds} s: {what}");
            await Task.Delay(50);
        }
    }
}

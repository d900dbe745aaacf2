using Gravity.Cluster.Etcd;
using Gravity.Cluster.Plans;
using Gravity.Cluster.State;
using Gravity.Cluster.Tests.Etcd;
using Gravity.Testing;

namespace Gravity.Cluster.Tests.State;

/// <summary>The cluster-wide journal against a real etcd: local first, etcd after, caught up once etcd answers again.</summary>
public sealed class ClusterOperationJournalTests
{
    private static readonly OperationPlan Plan = new()
    {
        OperationId = "op-1", OperationType = "expand", ClusterName = "prod", Created = DateTimeOffset.UnixEpoch,
        Phases = [new Phase { Id = "/checks", Description = "checks" }, new Phase { Id = "/system", Description = "system" }],
    };

    private static readonly OperationRecord Record = new("op-1", "expand", OperationState.InProgress, "prod", DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, null,
        """{"joinToken":"secret-in-the-config"}""");

    private static PhaseChange Change(string phase, PhaseState state) => new(phase, state, null, DateTimeOffset.UnixEpoch);

    [Fact]
    public async Task Changes_reach_etcd_without_the_configuration_and_a_completed_operation_is_no_longer_in_progress()
    {
        using var dir = new TempDir("journal");
        await using var etcd = await EtcdProcess.StartAsync();
        var store = new OperationStore(dir.Path);
        await store.CreateAsync(Record, Plan);
        var journal = new ClusterOperationJournal(store.JournalFor("op-1"), Record, Plan, etcd.Client);

        await journal.AppendAsync(Change("/checks", PhaseState.InProgress));
        await journal.AppendAsync(Change("/checks", PhaseState.Completed));
        await journal.AppendAsync(Change("/system", PhaseState.InProgress));

        using var client = etcd.Client();
        var running = await ClusterOperationJournal.InProgressAsync(client, CancellationToken.None);
        running.Should().ContainSingle();
        running[0].Operation.Config.Should().BeEmpty("the configuration may hold tokens and stays on the node");
        running[0].Plan.Phases.Select(p => p.Id).Should().Equal("/checks", "/system");
        running[0].Changes.Select(c => (c.PhaseId, c.State)).Should().Equal(("/checks", PhaseState.InProgress), ("/checks", PhaseState.Completed), ("/system", PhaseState.InProgress));
        (await client.GetPrefixAsync("/gravity/")).Should().NotContain(kv => kv.Value.Contains("secret-in-the-config"));

        await journal.SetOutcomeAsync(OperationOutcome.Completed, null);
        (await ClusterOperationJournal.InProgressAsync(client, CancellationToken.None)).Should().BeEmpty();
    }

    [Fact]
    public async Task Changes_made_while_etcd_is_unreachable_stay_local_and_are_sent_by_the_next_write_that_reaches_it()
    {
        using var dir = new TempDir("journal");
        await using var etcd = await EtcdProcess.StartAsync();
        var store = new OperationStore(dir.Path);
        await store.CreateAsync(Record, Plan);
        var reachable = true;
        var journal = new ClusterOperationJournal(store.JournalFor("op-1"), Record, Plan,
            () => reachable ? etcd.Client() : new EtcdGrpcClient(new EtcdClientOptions(new Uri($"http://127.0.0.1:{FreePort.Next()}")) { Timeout = TimeSpan.FromSeconds(2) }));

        await journal.AppendAsync(Change("/checks", PhaseState.InProgress));
        reachable = false;
        await journal.AppendAsync(Change("/checks", PhaseState.Completed));
        await journal.AppendAsync(Change("/system", PhaseState.InProgress));
        (await store.ListChangesAsync("op-1")).Should().HaveCount(3, "the local journal always has every change");
        using var client = etcd.Client();
        (await ClusterOperationJournal.InProgressAsync(client, CancellationToken.None))[0].Changes.Should().HaveCount(1);

        reachable = true;
        await journal.AppendAsync(Change("/system", PhaseState.Completed));

        (await ClusterOperationJournal.InProgressAsync(client, CancellationToken.None))[0].Changes.Select(c => (c.PhaseId, c.State)).Should().Equal(
            ("/checks", PhaseState.InProgress), ("/checks", PhaseState.Completed), ("/system", PhaseState.InProgress), ("/system", PhaseState.Completed));
    }
}

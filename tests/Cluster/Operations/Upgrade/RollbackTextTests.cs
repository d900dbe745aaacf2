using Gravity.Cluster.Operations.Upgrade;
using Gravity.Cluster.Plans;
using Gravity.Cluster.Runtime;
using Gravity.Cluster.State;
using Gravity.Testing;
using static Gravity.Cluster.Tests.Operations.Upgrade.UpgradeConfigs;

namespace Gravity.Cluster.Tests.Operations.Upgrade;

/// <summary>`gravity rollback` prints the guide's text ("Rolling Back a Failed Upgrade"): the operation table and, for a failed upgrade of node-2 run from node-1, its lines in reverse order.</summary>
public sealed class RollbackTextTests
{
    [Fact]
    public void The_operation_table_is_the_guides()
    {
        var record = new OperationRecord("30c5d94c-1fbc-48eb-a952-a8632d519891", OperationTypes.Upgrade, OperationState.InProgress, "c",
            new DateTimeOffset(2020, 5, 27, 21, 27, 10, TimeSpan.Zero), DateTimeOffset.UnixEpoch, null, "{}");

        RollbackText.Table(record).Should().Be(
            "Type                 ID                                       State                  Created\n" +
            "----                 --                                       -----                  -------\n" +
            "operation_update     30c5d94c-1fbc-48eb-a952-a8632d519891     update_in_progress     2020-05-27 21:27\n");
    }

    [Fact]
    public async Task A_dry_run_on_node_1_lists_node_2s_phases_last_first_with_where_they_run_and_changes_nothing()
    {
        using var dir = new TempDir("rollback-text");
        await NodeAgentConfig.Of(new Gravity.Cluster.Nodes.NodeSettings
        {
            StateDir = dir.Path, ClusterName = "c", NodeName = "node-1", AdvertiseAddr = "127.0.0.1", Role = "worker", GravityBinary = "gravity",
            EtcdClientPort = FreePort.Next(), // nothing answers there: the records of other nodes cannot be read, which a dry run does not need
        }).SaveAsync();
        var config = Topology(3) with { InitiatorStateDir = dir.Path };
        var record = new OperationRecord("op-rb", OperationTypes.Upgrade, OperationState.InProgress, "c", config.Created, config.Created, null, config.Serialize());
        var plan = UpgradePlanBuilder.Build(record.Id, config, "c");
        var store = new OperationStore(dir.Path);
        await store.CreateAsync(record, plan);
        var ran = plan.Leaves().TakeWhile(l => !l.Id.StartsWith("/masters/node-3", StringComparison.Ordinal)).ToList();
        foreach (var leaf in ran)
            await store.AppendChangeAsync(record.Id, new PhaseChange(leaf.Id, leaf.Id == "/masters/node-2/untaint" ? PhaseState.Failed : PhaseState.Completed, null, DateTimeOffset.UtcNow));
        var before = await store.ListChangesAsync(record.Id);

        var rollback = await OperationRollback.OpenAsync(dir.Path, new Gravity.Cluster.Operations.NodeRuntime());
        var lines = new List<string>();
        await rollback.RunAsync(dryRun: true, lines.Add);

        lines.Take(7).Should().Equal(
            "[DRY-RUN] Rolling back \"/masters/node-2/untaint\" locally",
            "[DRY-RUN] Rolling back \"/masters/node-2/endpoints\" locally",
            "[DRY-RUN] Rolling back \"/masters/node-2/uncordon\" locally",
            "[DRY-RUN] Rolling back \"/masters/node-2/taint\" locally",
            "[DRY-RUN] Rolling back \"/masters/node-2/health\" on node node-2",
            "[DRY-RUN] Rolling back \"/masters/node-2/elect\" on node node-2",
            "[DRY-RUN] Rolling back \"/masters/node-2/system-upgrade\" on node node-2");
        lines.Should().HaveCount(ran.Count).And.Contain("[DRY-RUN] Rolling back \"/bootstrap/node-3\" on node node-3");
        lines[^1].Should().Be("[DRY-RUN] Rolling back \"/init\" locally");
        (await store.ListChangesAsync(record.Id)).Should().BeEquivalentTo(before, "a dry run changes nothing");
        (await store.GetAsync(record.Id))!.State.Should().Be(OperationState.InProgress);
    }
}

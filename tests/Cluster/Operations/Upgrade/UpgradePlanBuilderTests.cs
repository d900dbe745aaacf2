using Gravity.Cluster.Operations.Kinds;
using Gravity.Cluster.Operations.Upgrade;
using Gravity.Cluster.Plans;
using Gravity.Cluster.State;
using static Gravity.Cluster.Tests.Operations.Upgrade.UpgradeConfigs;

namespace Gravity.Cluster.Tests.Operations.Upgrade;

/// <summary>The upgrade plan has the guide's shape (lifecycle reference, "Upgrade") for one master, three masters and two nodes, with and without an etcd change.</summary>
public sealed class UpgradePlanBuilderTests
{
    private static readonly string[] OneMasterSteps = ["drain", "system-upgrade", "elect", "health", "taint", "uncordon", "endpoints", "untaint"];

    [Fact]
    public void One_master_has_no_stepdown_no_nodes_and_no_etcd_block()
    {
        var plan = UpgradePlanBuilder.Build("op", Topology(1), "c");

        plan.Phases.Select(p => p.Id).Should().Equal("/init", "/checks", "/pre-update", "/bootstrap", "/masters", "/config", "/app", "/gc");
        Children(plan, "/bootstrap").Should().Equal("/bootstrap/node-1");
        Children(plan, "/masters").Should().Equal("/masters/node-1");
        Children(plan, "/masters/node-1").Should().Equal(OneMasterSteps.Select(s => "/masters/node-1/" + s));
        Children(plan, "/app").Should().Equal("/app/telekube");
        Children(plan, "/gc").Should().Equal("/gc/node-1");
        plan.OperationType.Should().Be(OperationTypes.Upgrade);
        plan.GravityVersion.Should().Be(Core.GravityVersion.Current);
        plan.Get("/masters").Requires.Should().Equal("/checks", "/bootstrap", "/pre-update");
        plan.Get("/config").Requires.Should().Equal("/masters");
        plan.Get("/app").Requires.Should().Equal("/config");
        plan.Get("/gc").Requires.Should().Equal("/app");
        plan.Get("/checks").Requires.Should().Equal("/init");
        plan.Get("/masters/node-1/system-upgrade").Requires.Should().Equal("/masters/node-1/drain");
        plan.Get("/masters/node-1/drain").Requires.Should().BeEmpty();
    }

    [Fact]
    public void Three_masters_and_two_nodes_leader_first_with_stepdown_then_the_others_then_the_nodes_in_parallel()
    {
        var plan = UpgradePlanBuilder.Build("op", Topology(3, 2, workers: 2), "c");

        plan.Phases.Select(p => p.Id).Should().Equal("/init", "/checks", "/pre-update", "/bootstrap", "/masters", "/nodes", "/config", "/app", "/gc");
        Children(plan, "/bootstrap").Should().Equal(Enumerable.Range(1, 5).Select(i => $"/bootstrap/node-{i}"));
        plan.Get("/bootstrap").Parallel.Should().BeTrue();
        Children(plan, "/masters").Should().Equal("/masters/node-1", "/masters/node-2", "/masters/node-3");
        Children(plan, "/masters/node-1").Should().Equal(new[] { "stepdown" }.Concat(OneMasterSteps).Select(s => "/masters/node-1/" + s));
        Children(plan, "/masters/node-2").Should().Equal(OneMasterSteps.Select(s => "/masters/node-2/" + s));
        plan.Get("/masters/node-2").Requires.Should().Equal("/masters/node-1");
        plan.Get("/masters/node-3").Requires.Should().Equal("/masters/node-2");
        Children(plan, "/nodes").Should().Equal("/nodes/node-4", "/nodes/node-5");
        Children(plan, "/nodes/node-4").Should().Equal(OneMasterSteps.Where(s => s != "elect").Select(s => "/nodes/node-4/" + s));
        plan.Get("/nodes").Should().Match<Phase>(p => p.Parallel && p.MaxParallel == 2);
        plan.Get("/nodes").Requires.Should().Equal("/masters");
        plan.Get("/config").Requires.Should().Equal("/nodes");
        Children(plan, "/gc").Should().Equal(Enumerable.Range(1, 5).Select(i => $"/gc/node-{i}"));
        plan.Find("/etcd").Should().BeNull("etcd's version does not change");

        // Where each step runs: on the node what changes the node itself, on the initiator what goes through Kubernetes or the records.
        foreach (var step in new[] { "stepdown", "system-upgrade", "elect", "health" })
            plan.Get($"/masters/node-1/{step}").Node.Should().Be("node-1");
        foreach (var step in new[] { "system-upgrade", "elect", "health" })
            plan.Get($"/masters/node-2/{step}").Node.Should().Be("node-2");
        foreach (var step in new[] { "drain", "taint", "uncordon", "endpoints", "untaint" })
            plan.Get($"/masters/node-2/{step}").Node.Should().Be("node-1");
        plan.Get("/nodes/node-5/system-upgrade").Node.Should().Be("node-5");
        plan.Get("/nodes/node-5/drain").Data["node"].Should().Be("node-5");
        plan.Get("/bootstrap/node-4").Node.Should().Be("node-4");
        plan.Get("/gc/node-5").Node.Should().Be("node-5");
        foreach (var id in new[] { "/init", "/checks", "/pre-update", "/config", "/app/telekube" }) plan.Get(id).Node.Should().Be("node-1");

        // The runtime's node-level phases name the executors the runtime's upgrade code registers.
        plan.Get("/bootstrap/node-2").Executor.Should().Be("upgrade-bootstrap");
        plan.Get("/masters/node-3/system-upgrade").Executor.Should().Be("upgrade-system");
        plan.Get("/gc/node-3").Executor.Should().Be("upgrade-gc");
    }

    [Fact]
    public void An_etcd_change_adds_a_backup_of_every_master_after_the_nodes()
    {
        var plan = UpgradePlanBuilder.Build("op", Topology(3, 2, etcdChanges: true), "c");

        plan.Phases.Select(p => p.Id).Should().Equal("/init", "/checks", "/pre-update", "/bootstrap", "/masters", "/nodes", "/etcd", "/config", "/app", "/gc");
        plan.Get("/etcd").Requires.Should().Equal("/nodes");
        Children(plan, "/etcd").Should().Equal("/etcd/backup");
        Children(plan, "/etcd/backup").Should().Equal("/etcd/backup/node-1", "/etcd/backup/node-2", "/etcd/backup/node-3");
        plan.Get("/etcd/backup/node-2").Node.Should().Be("node-2");
        plan.Get("/config").Requires.Should().Equal("/etcd");

        var single = UpgradePlanBuilder.Build("op", Topology(1, etcdChanges: true), "c");
        single.Get("/etcd").Requires.Should().Equal("/masters");
        Children(single, "/etcd/backup").Should().Equal("/etcd/backup/node-1");
    }

    [Fact]
    public void Every_leaf_has_an_executor_this_binary_registers()
    {
        var config = Topology(3, 2, etcdChanges: true);
        var record = new OperationRecord("op", OperationTypes.Upgrade, OperationState.InProgress, "c", config.Created, config.Created, null, config.Serialize());
        var kind = OperationKinds.Default.Get(OperationTypes.Upgrade, "op");
        var plan = kind.BuildPlan(record);
        var registry = kind.CreateExecutors(record, new Gravity.Cluster.Operations.NodeRuntime());
        foreach (var leaf in plan.Leaves())
            registry.Invoking(r => r.Get(leaf)).Should().NotThrow($"phase {leaf.Id} ({leaf.Executor})");
        plan.Should().BeEquivalentTo(UpgradePlanBuilder.Build("op", UpgradeConfig.Deserialize(record.Config), "c"), "the plan is rebuilt from the record alone");
    }

    [Fact]
    public void Gravity_plan_shows_the_upgrade_with_the_guides_columns()
    {
        var plan = UpgradePlanBuilder.Build("op", Topology(2, 1), "c");
        var text = PlanTextFormatter.Format(PlanView.From(PlanStatus.Fold(plan, []), "InProgress"));
        var lines = text.Split(Environment.NewLine);

        lines[1].Split(' ', StringSplitOptions.RemoveEmptyEntries).Should().Equal("Phase", "Description", "State", "Node", "Requires", "Updated");
        lines.Should().Contain(l => l.StartsWith("* init ") && l.Contains("Initialize update operation") && l.Contains("Unstarted"));
        lines.Should().Contain(l => l.StartsWith("* masters ") && l.Contains("/checks,/bootstrap,/pre-update"));
        lines.Should().Contain(l => l.StartsWith("    * system-upgrade ") && l.Contains("Update system software on node \"node-2\"") && l.Contains("/masters/node-2/drain"));
    }

    private static IEnumerable<string> Children(OperationPlan plan, string id) => plan.Get(id).Phases.Select(p => p.Id);
}

using Gravity.Cluster.Nodes;
using Gravity.Cluster.Operations;
using Gravity.Cluster.Operations.Shrink;
using Gravity.Cluster.Operations.Shrink.Executors;
using Gravity.Cluster.Plans;
using Gravity.Cluster.Runtime;
using Gravity.Cluster.State;
using Gravity.Cluster.Tests.Operations.Hooks;
using Gravity.Core;
using Gravity.Testing;
using Gravity.Testing.Kubernetes;

namespace Gravity.Cluster.Tests.Operations.Shrink;

/// <summary>The shrink's /drain: the leaving node is cordoned and its pods evicted through the Kubernetes API (the API server test double) before its records go.</summary>
public sealed class ShrinkDrainTests : IAsyncLifetime
{
    private static readonly Dictionary<string, string> Db = new() { ["app"] = "db" };
    private readonly TempDir _dir = new("shrink-drain");
    private readonly List<string> _log = [];
    private KubernetesApiServerTestDouble _api = null!;
    private NodeSettings _initiator = null!;

    public async Task InitializeAsync()
    {
        _api = await KubernetesApiServerTestDouble.StartAsync();
        _initiator = new NodeSettings { StateDir = _dir.Combine("state"), ClusterName = "prod", NodeName = "node-1", AdvertiseAddr = "127.0.0.1", Role = "master", GravityBinary = "gravity" };
        Directory.CreateDirectory(_initiator.StateDir);
        await NodeAgentConfig.Of(_initiator).SaveAsync();
        NodeWithKubernetes.Prepare(_initiator.Folder, _api);
        _api.Store.AddNode("node-1");
        _api.Store.AddNode("node-2");
        _api.Store.Create(KubernetesBuiltInTypes.Namespace, null, new System.Text.Json.Nodes.JsonObject { ["metadata"] = new System.Text.Json.Nodes.JsonObject { ["name"] = "shop" } });
    }

    public async Task DisposeAsync()
    {
        await _api.DisposeAsync();
        _dir.Dispose();
    }

    private ShrinkConfig Config(bool drain = true, bool force = false, TimeSpan? timeout = null) => new()
    {
        Target = new ClusterNode("node-2", "10.0.0.2", "master", DateTimeOffset.UnixEpoch, "active"),
        Initiator = "node-1", InitiatorStateDir = _initiator.StateDir, AppName = "app", AppVersion = "1.0.0", Created = DateTimeOffset.UnixEpoch,
        Drain = drain, DrainFailureIsWarning = force, DrainTimeout = timeout ?? TimeSpan.FromMinutes(2),
    };

    private (DrainNodeExecutor, PhaseContext) Drain(ShrinkConfig config)
    {
        var plan = ShrinkPlanBuilder.Build("op-shrink", config, "prod");
        var executor = (DrainNodeExecutor)ShrinkExecutors.Create(config, new NodeRuntime()).Get(plan.Get(ShrinkPhases.Drain));
        return (executor, new PhaseContext(plan, plan.Get(ShrinkPhases.Drain), l => { lock (_log) _log.Add(l); }));
    }

    private IEnumerable<string> PodsOn(string node) => _api.Store.List(KubernetesStoreSeed.Pod, null).Items
        .Where(p => p["spec"]!["nodeName"]!.GetValue<string>() == node).Select(p => p["metadata"]!["name"]!.GetValue<string>());

    private bool Cordoned(string node) => _api.Store.Get(KubernetesStoreSeed.Node, null, node)!["spec"]?["unschedulable"]?.GetValue<bool>() == true;

    [Fact]
    public void The_plan_drains_a_reachable_node_after_the_preNodeRemove_hook_and_before_its_records_go()
    {
        var drained = ShrinkPlanBuilder.Build("op", Config(), "prod").Phases.Select(p => p.Id);
        var lost = ShrinkPlanBuilder.Build("op", Config(drain: false) with { Force = true }, "prod").Phases.Select(p => p.Id);

        drained.Should().StartWith([ShrinkPhases.PreNodeRemove, ShrinkPhases.Drain, ShrinkPhases.Records]);
        lost.Should().NotContain(ShrinkPhases.Drain, "a lost node's kubelet would never let its pods go");
    }

    [Fact]
    public async Task The_leaving_nodes_pods_are_evicted_and_it_is_cordoned_and_rollback_uncordons_it()
    {
        _api.Store.AddRunningPod("shop", "web-1", "node-2", owner: "ReplicaSet");
        _api.Store.AddRunningPod("kube-system", "proxy-2", "node-2", owner: "DaemonSet");
        _api.Store.AddRunningPod("shop", "web-2", "node-1", owner: "ReplicaSet");
        var (executor, context) = Drain(Config());

        await executor.ExecuteAsync(context, CancellationToken.None);

        PodsOn("node-2").Should().Equal("proxy-2");
        PodsOn("node-1").Should().Equal("web-2");
        Cordoned("node-2").Should().BeTrue();
        Cordoned("node-1").Should().BeFalse();
        _log.Should().Contain("evicted shop/web-1");

        await executor.RollbackAsync(context, CancellationToken.None);
        Cordoned("node-2").Should().BeFalse();
    }

    [Fact]
    public async Task A_node_a_budget_keeps_from_draining_in_time_fails_the_phase_naming_the_pod_unless_forced()
    {
        _api.Store.AddBudget("shop", "db", Db, minAvailable: 1);
        _api.Store.AddRunningPod("shop", "db-0", "node-2", Db, owner: "StatefulSet");

        var (executor, context) = Drain(Config(timeout: TimeSpan.FromSeconds(1)));
        var act = () => executor.ExecuteAsync(context, CancellationToken.None);
        var message = (await act.Should().ThrowAsync<GravityException>()).Which.Message;
        var (forced, forcedContext) = Drain(Config(force: true, timeout: TimeSpan.FromSeconds(1)));
        await forced.ExecuteAsync(forcedContext, CancellationToken.None);

        message.Should().Contain("node node-2 could not be drained within 1 s").And.Contain("shop/db-0 (eviction refused: The disruption budget db needs 1 healthy pods");
        _log.Should().Contain(l => l.StartsWith("warning: node node-2 could not be drained", StringComparison.Ordinal) && l.EndsWith("removing the node all the same (--force)", StringComparison.Ordinal));
        PodsOn("node-2").Should().Equal("db-0");
    }

    [Fact]
    public async Task A_node_Kubernetes_never_registered_has_nothing_to_drain()
    {
        var config = Config() with { Target = Config().Target with { Name = "node-7" } };
        var (executor, context) = Drain(config);

        await executor.ExecuteAsync(context, CancellationToken.None);

        _log.Should().Contain("Kubernetes has no node node-7: nothing to drain");
    }
}

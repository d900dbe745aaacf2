using Gravity.Cluster.Nodes;
using Gravity.Cluster.Operations.Install;
using Gravity.Cluster.Operations.NodePhases;
using Gravity.Cluster.Plans;
using Gravity.Cluster.Tests.Operations.Hooks;
using Gravity.Manifest;
using Gravity.Testing;
using Gravity.Testing.Kubernetes;

namespace Gravity.Cluster.Tests.Operations.NodePhases;

/// <summary>The node-add/remove hook slots: the hook runs as a Job (kubelet test double) on a node with Kubernetes, is refused on one without.</summary>
public sealed class HookSlotExecutorTests() : HookJobTestBase("hook-slot")
{
    private NodeSettings Node => NewNode() with { ServiceUid = 1234 };

    private AppManifest Manifest(string hook, string script) => ManifestLoader.Parse(TestClusterImage.Manifest("hooks:\n" + Hook(hook, script)), "app.yaml").EnsureSuccess();

    private static (PhaseContext, List<string>) Context(string operationId = "op-slot")
    {
        var plan = new OperationPlan { OperationId = operationId, OperationType = "shrink", ClusterName = "prod", Created = DateTimeOffset.UnixEpoch, Phases = [new Phase { Id = "/hook", Description = "hook", Executor = "hook" }] };
        var log = new List<string>();
        return (new PhaseContext(plan, plan.Phases[0], l => { lock (log) log.Add(l); }), log);
    }

    [RequiresKubeletFact]
    public async Task The_slots_hook_runs_as_a_job_with_its_log_in_the_phase_log_once_per_operation()
    {
        var node = Node;
        NodeWithKubernetes.Prepare(node.Folder, Harness.Api);
        var executor = new HookSlotExecutor(() => Manifest("postNodeRemove", "echo node removed from $GRAVITY_CLUSTER_NAME"), "postNodeRemove", () => node, TestClusterImage.AppName, TestClusterImage.AppVersion);
        var (context, log) = Context();

        await executor.ExecuteAsync(context, CancellationToken.None);
        await executor.ExecuteAsync(context, CancellationToken.None);

        log.Should().Contain(l => l.EndsWith("/main: node removed from prod"));
        log.Should().Contain("hook postNodeRemove has completed already in this operation: not run again");
        JobsOf("postNodeRemove").Should().Be(1);
    }

    [RequiresKubeletFact]
    public async Task A_failing_slot_hook_fails_the_phase_with_its_log()
    {
        var node = Node;
        NodeWithKubernetes.Prepare(node.Folder, Harness.Api);
        var executor = new HookSlotExecutor(() => Manifest("preNodeAdd", "echo refusing this node; exit 2"), "preNodeAdd", () => node, TestClusterImage.AppName, TestClusterImage.AppVersion);

        var act = () => executor.ExecuteAsync(Context().Item1, CancellationToken.None);

        (await act.Should().ThrowAsync<Core.GravityException>()).Which.Message.Should().Contain("hook preNodeAdd failed").And.Contain("refusing this node");
    }

    [Fact]
    public async Task Without_kubernetes_a_defined_hook_is_refused()
    {
        var node = Node;
        var executor = new HookSlotExecutor(() => Manifest("preNodeRemove", "true"), "preNodeRemove", () => node, TestClusterImage.AppName, TestClusterImage.AppVersion);

        var act = () => executor.ExecuteAsync(Context().Item1, CancellationToken.None);

        (await act.Should().ThrowAsync<Core.GravityException>()).Which.Message.Should().Contain("preNodeRemove hook, which needs Kubernetes").And.Contain("admin.kubeconfig");
    }

    [RequiresKubeletFact]
    public async Task The_hook_jobs_an_operation_kept_go_when_it_completes_and_another_operations_stay()
    {
        var node = Node;
        NodeWithKubernetes.Prepare(node.Folder, Harness.Api);
        var executor = new HookSlotExecutor(() => Manifest("postNodeRemove", "echo done"), "postNodeRemove", () => node, TestClusterImage.AppName, TestClusterImage.AppVersion);
        await executor.ExecuteAsync(Context("op-slot").Item1, CancellationToken.None);
        await executor.ExecuteAsync(Context("op-other").Item1, CancellationToken.None);
        JobsOf("postNodeRemove").Should().Be(2, "hook Jobs are kept for diagnosis while their operation runs");

        // An operation op-slot of this node that completes through the session.
        var kinds = new Gravity.Cluster.Operations.Kinds.OperationKinds().Register(new Gravity.Cluster.Tests.Operations.Kinds.TouchOperationKind());
        var store = new Gravity.Cluster.State.OperationStore(node.StateDir);
        var record = new Gravity.Cluster.State.OperationRecord("op-slot", Gravity.Cluster.Tests.Operations.Kinds.TouchOperationKind.TypeName, Gravity.Cluster.State.OperationState.InProgress,
            "prod", DateTimeOffset.UtcNow, DateTimeOffset.UtcNow, null, Dir.Combine("touched"));
        await store.CreateAsync(record, kinds.Get(record.Type, record.Id).BuildPlan(record));
        var session = await Gravity.Cluster.Operations.OperationSession.OpenAsync(store, record, new Gravity.Cluster.Operations.NodeRuntime(), kinds: kinds);
        (await session.RunAsync(engine => engine.ResumeAsync())).IsCompleted.Should().BeTrue();

        var left = Harness.Api.Store.List(KubeletStoreWriter.Jobs, "kube-system", j => j["metadata"]?["labels"]?["gravitational.io/hook"] is not null).Items;
        left.Select(j => (string?)j["metadata"]!["annotations"]!["gravitational.io/operation"]).Should().Equal("op-other");
    }
}

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

    private static (PhaseContext, List<string>) Context()
    {
        var plan = new OperationPlan { OperationId = "op-slot", OperationType = "shrink", ClusterName = "prod", Created = DateTimeOffset.UnixEpoch, Phases = [new Phase { Id = "/hook", Description = "hook", Executor = "hook" }] };
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
}

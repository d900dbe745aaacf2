using System.Text.Json.Nodes;
using Gravity.Testing;
using Gravity.Testing.Kubernetes;

namespace Gravity.Cluster.Tests.Kubernetes;

/// <summary>The real kubectl v1.35 drains a node of the test double: cordon, eviction through the API, budgets honoured.</summary>
public sealed class KubectlDrainAgainstTestDoubleTests : IAsyncLifetime
{
    private static readonly Dictionary<string, string> Db = new() { ["app"] = "db" };
    private readonly TempDir _dir = new("kubectl-drain");
    private KubernetesApiServerTestDouble _api = null!;
    private Kubectl _kubectl = null!;

    public async Task InitializeAsync()
    {
        _api = await KubernetesApiServerTestDouble.StartAsync();
        Directory.CreateDirectory(_dir.Combine("home"));
        _kubectl = new Kubectl(_api.WriteKubeconfig(_dir.Combine("kubeconfig")), _dir.Combine("home"));
    }

    public async Task DisposeAsync()
    {
        await _api.DisposeAsync();
        _dir.Dispose();
    }

    private IEnumerable<string> PodsOn(string node) => _api.Store.List(KubernetesStoreSeed.Pod, null).Items
        .Where(p => p["spec"]!["nodeName"]!.GetValue<string>() == node).Select(p => p["metadata"]!["name"]!.GetValue<string>());

    [RequiresKubectlFact]
    public async Task Kubectl_drain_evicts_waits_for_a_budget_until_its_timeout_and_leaves_DaemonSet_pods()
    {
        _api.Store.AddNode("node-1");
        _api.Store.AddNode("node-2");
        // kubectl looks up a DaemonSet pod's controller before it ignores the pod.
        var daemonSets = _api.Store.Catalog.All.Single(t => t.Kind == "DaemonSet");
        _api.Store.Create(daemonSets, "kube-system", new JsonObject { ["metadata"] = new JsonObject { ["name"] = "proxy-owner" }, ["spec"] = new JsonObject() });
        _api.Store.AddRunningPod("kube-system", "proxy", "node-1", owner: "DaemonSet");
        _api.Store.AddRunningPod("default", "web", "node-1", owner: "ReplicaSet");
        _api.Store.AddBudget("default", "db", Db, minAvailable: 1);
        _api.Store.AddRunningPod("default", "db-0", "node-1", Db, owner: "StatefulSet");

        var blocked = await _kubectl.RunAsync("drain", "node-1", "--ignore-daemonsets", "--timeout=3s");

        blocked.ExitCode.Should().NotBe(0, blocked.Combined);
        blocked.Combined.Should().Contain("Cannot evict pod as it would violate the pod's disruption budget");
        PodsOn("node-1").Should().BeEquivalentTo("proxy", "db-0");
        _api.Store.Get(KubernetesStoreSeed.Node, null, "node-1")!["spec"]!["unschedulable"]!.GetValue<bool>().Should().BeTrue();

        _api.Store.AddRunningPod("default", "db-1", "node-2", Db, owner: "StatefulSet");
        var drained = await _kubectl.RunAsync("drain", "node-1", "--ignore-daemonsets", "--timeout=60s");

        drained.ExitCode.Should().Be(0, drained.Combined);
        drained.Combined.Should().Contain("evicted").And.Contain("node/node-1 drained");
        PodsOn("node-1").Should().Equal("proxy");
        var uncordon = await _kubectl.RunAsync("uncordon", "node-1");
        uncordon.ExitCode.Should().Be(0, uncordon.Combined);
        _api.Store.Get(KubernetesStoreSeed.Node, null, "node-1")!["spec"]!["unschedulable"].Should().BeNull();
    }
}

using Gravity.Core;
using Gravity.Kubernetes.Nodes;
using Gravity.Testing;
using Gravity.Testing.Kubernetes;

namespace Gravity.Kubernetes.Tests.Nodes;

/// <summary>Draining a node through the eviction API of the test double: DaemonSet and mirror pods stay, budgets are waited for.</summary>
public sealed class NodeDrainerTests : IAsyncLifetime
{
    private static readonly Dictionary<string, string> Db = new() { ["app"] = "db" };
    private readonly TempDir _dir = new("node-drain");
    private readonly List<string> _log = [];
    private KubernetesApiServerTestDouble _api = null!;
    private KubernetesApiConnection _connection = null!;

    public async Task InitializeAsync()
    {
        _api = await KubernetesApiServerTestDouble.StartAsync();
        _connection = KubernetesApiConnection.FromKubeconfig(_api.WriteKubeconfig(_dir.Combine("kubeconfig")));
        _api.Store.AddNode("node-1");
        _api.Store.AddNode("node-2");
    }

    public async Task DisposeAsync()
    {
        _connection.Dispose();
        await _api.DisposeAsync();
        _dir.Dispose();
    }

    private Task DrainAsync(TimeSpan timeout, CancellationToken ct = default)
        => new NodeDrainer(_connection, TimeProvider.System).DrainAsync("node-1", timeout, l => { lock (_log) _log.Add(l); }, ct);

    private IEnumerable<string> PodsOn(string node) => _api.Store.List(KubernetesStoreSeed.Pod, null).Items
        .Where(p => p["spec"]!["nodeName"]!.GetValue<string>() == node).Select(p => $"{p["metadata"]!["namespace"]}/{p["metadata"]!["name"]}");

    [Fact]
    public async Task Ordinary_pods_are_evicted_and_DaemonSet_and_mirror_pods_and_other_nodes_pods_stay()
    {
        _api.Store.AddRunningPod("default", "web-1", "node-1", owner: "ReplicaSet");
        _api.Store.AddRunningPod("kube-system", "bare", "node-1");
        _api.Store.AddRunningPod("kube-system", "proxy-x1", "node-1", owner: "DaemonSet");
        _api.Store.AddRunningPod("kube-system", "etcd-node-1", "node-1", annotations: new Dictionary<string, string> { [NodeDrainer.MirrorPodAnnotation] = "abc" });
        _api.Store.AddRunningPod("default", "web-2", "node-2", owner: "ReplicaSet");

        await DrainAsync(TimeSpan.FromMinutes(2));

        PodsOn("node-1").Should().BeEquivalentTo("kube-system/proxy-x1", "kube-system/etcd-node-1");
        PodsOn("node-2").Should().Equal("default/web-2");
        _api.Store.Get(KubernetesStoreSeed.Node, null, "node-1")!["spec"]!["unschedulable"]!.GetValue<bool>().Should().BeTrue("a drain cordons first");
        _api.Requests.Should().Contain(r => r.StartsWith("POST /api/v1/namespaces/default/pods/web-1/eviction", StringComparison.Ordinal), "pods go through the eviction API");
        _api.Requests.Should().Contain(r => r.Contains("fieldSelector=spec.nodeName%3Dnode-1", StringComparison.Ordinal));
        _log.Should().Contain("not evicted: kube-system/proxy-x1 (managed by a DaemonSet)").And.Contain("node node-1 drained (2 pod(s) evicted)");
    }

    [Fact]
    public async Task A_pod_a_budget_protects_is_retried_until_the_timeout_and_then_named_with_its_budget()
    {
        _api.Store.AddBudget("default", "db", Db, minAvailable: 1);
        _api.Store.AddRunningPod("default", "db-0", "node-1", Db, owner: "StatefulSet");
        _api.Store.AddRunningPod("default", "web-1", "node-1", owner: "ReplicaSet");

        var act = () => DrainAsync(TimeSpan.FromSeconds(2));

        var message = (await act.Should().ThrowAsync<GravityException>()).Which.Message;
        message.Should().StartWith("node node-1 could not be drained within 2 s: still on it: default/db-0 (eviction refused: The disruption budget db needs 1 healthy pods and has 1 currently)");
        PodsOn("node-1").Should().Equal("default/db-0");
        _api.Requests.Count(r => r.StartsWith("POST /api/v1/namespaces/default/pods/db-0/eviction", StringComparison.Ordinal)).Should().BeGreaterThan(1, "a refused eviction is tried again");
    }

    [Fact]
    public async Task The_drain_goes_on_once_the_budget_allows_the_eviction()
    {
        _api.Store.AddBudget("default", "db", Db, minAvailable: 1);
        _api.Store.AddRunningPod("default", "db-0", "node-1", Db, owner: "StatefulSet");
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(2));

        var drain = DrainAsync(TimeSpan.FromMinutes(2), cts.Token);
        while (!_log.ToList().Any(l => l.StartsWith("eviction of default/db-0 refused", StringComparison.Ordinal)) && !drain.IsCompleted) await Task.Delay(50);
        // A replica of the database comes up on the other node: the budget has a disruption to spare.
        _api.Store.AddRunningPod("default", "db-1", "node-2", Db, owner: "StatefulSet");
        await drain;

        PodsOn("node-1").Should().BeEmpty();
        PodsOn("node-2").Should().Equal("default/db-1");
    }

    [Fact]
    public async Task A_node_Kubernetes_does_not_have_fails_the_drain_naming_it()
    {
        var act = () => new NodeDrainer(_connection, TimeProvider.System).DrainAsync("node-9", TimeSpan.FromMinutes(1));

        (await act.Should().ThrowAsync<GravityException>()).Which.Message.Should().Contain("node-9");
    }
}

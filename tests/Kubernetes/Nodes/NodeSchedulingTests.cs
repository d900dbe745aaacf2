using System.Text.Json.Nodes;
using Gravity.Core;
using Gravity.Kubernetes.Nodes;
using Gravity.Testing;
using Gravity.Testing.Kubernetes;

namespace Gravity.Kubernetes.Tests.Nodes;

/// <summary>Cordon, uncordon, taints and labels of a node through the API server test double: idempotent, keeping what others set.</summary>
public sealed class NodeSchedulingTests : IAsyncLifetime
{
    private readonly TempDir _dir = new("node-scheduling");
    private KubernetesApiServerTestDouble _api = null!;
    private KubernetesApiConnection _connection = null!;
    private NodeScheduling _scheduling = null!;

    public async Task InitializeAsync()
    {
        _api = await KubernetesApiServerTestDouble.StartAsync();
        _connection = KubernetesApiConnection.FromKubeconfig(_api.WriteKubeconfig(_dir.Combine("kubeconfig")));
        _scheduling = new NodeScheduling(_connection);
        _api.Store.AddNode("node-1");
    }

    public async Task DisposeAsync()
    {
        _connection.Dispose();
        await _api.DisposeAsync();
        _dir.Dispose();
    }

    private JsonObject Node => _api.Store.Get(KubernetesStoreSeed.Node, null, "node-1")!;

    private string Version => Node["metadata"]!["resourceVersion"]!.GetValue<string>();

    private IEnumerable<string> Taints => (Node["spec"]?["taints"] as JsonArray ?? [])
        .Select(t => new NodeTaint(t!["key"]!.GetValue<string>(), t["value"]?.GetValue<string>(), t["effect"]!.GetValue<string>()).ToString());

    [Fact]
    public async Task Cordon_and_uncordon_set_and_remove_unschedulable_and_writing_again_changes_nothing()
    {
        (await _scheduling.CordonAsync("node-1")).Should().BeTrue();
        Node["spec"]!["unschedulable"]!.GetValue<bool>().Should().BeTrue();
        var cordoned = Version;
        (await _scheduling.CordonAsync("node-1")).Should().BeFalse();
        Version.Should().Be(cordoned, "a second cordon writes nothing");

        (await _scheduling.UncordonAsync("node-1")).Should().BeTrue();
        Node["spec"]!["unschedulable"].Should().BeNull();
        (await _scheduling.UncordonAsync("node-1")).Should().BeFalse();
    }

    [Fact]
    public async Task A_taint_is_added_once_replaces_one_of_its_key_and_effect_and_untaint_keeps_the_others()
    {
        await _scheduling.TaintAsync("node-1", new NodeTaint("custom-taint", "custom-value", "NoExecute"));
        (await _scheduling.TaintAsync("node-1", NodeTaint.SystemLevel)).Should().BeTrue();
        var tainted = Version;
        (await _scheduling.TaintAsync("node-1", NodeTaint.SystemLevel)).Should().BeFalse();
        Version.Should().Be(tainted);
        Taints.Should().Equal("custom-taint=custom-value:NoExecute", "gravitational.io/level=system:NoSchedule");

        await _scheduling.TaintAsync("node-1", NodeTaint.SystemLevel with { Value = "maintenance" });
        Taints.Should().Equal("custom-taint=custom-value:NoExecute", "gravitational.io/level=maintenance:NoSchedule");

        (await _scheduling.UntaintAsync("node-1", NodeTaint.SystemLevel.Key)).Should().BeTrue();
        (await _scheduling.UntaintAsync("node-1", NodeTaint.SystemLevel.Key)).Should().BeFalse();
        Taints.Should().Equal("custom-taint=custom-value:NoExecute");
    }

    [Fact]
    public async Task Labels_are_merged_into_the_nodes_and_setting_them_again_writes_nothing()
    {
        var labels = new Dictionary<string, string> { ["node-role.kubernetes.io/master"] = "true" };

        (await _scheduling.LabelAsync("node-1", labels)).Should().BeTrue();
        var labelled = Version;
        (await _scheduling.LabelAsync("node-1", labels)).Should().BeFalse();

        Version.Should().Be(labelled);
        var actual = Node["metadata"]!["labels"]!.AsObject().ToDictionary(l => l.Key, l => l.Value!.GetValue<string>());
        actual.Should().Equal(new Dictionary<string, string> { ["kubernetes.io/hostname"] = "node-1", ["node-role.kubernetes.io/master"] = "true" });
    }

    [Fact]
    public async Task A_node_Kubernetes_does_not_have_is_named()
    {
        var act = () => _scheduling.CordonAsync("node-9");

        (await act.Should().ThrowAsync<GravityException>()).Which.Message.Should().Contain("Kubernetes has no node node-9");
    }
}

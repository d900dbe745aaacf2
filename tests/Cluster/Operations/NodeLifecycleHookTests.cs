using Gravity.Cluster.Nodes;
using Gravity.Cluster.Operations;
using Gravity.Cluster.Runtime;
using Gravity.Cluster.Tests.Operations.Hooks;
using Gravity.Testing;
using Gravity.Testing.Kubernetes;

namespace Gravity.Cluster.Tests.Operations;

/// <summary>`gravity stop` runs the stop hook before it stops anything; `leave --force` runs preUninstall and uninstall, and a failing one does not stop the uninstall.</summary>
public sealed class NodeLifecycleHookTests() : HookJobTestBase("lifecycle-hooks")
{
    [RequiresKubeletFact]
    public async Task Stop_runs_the_stop_hook_then_stops_the_node()
    {
        var node = await InstalledNodeAsync(Hook("stop", "echo draining the application"));
        var lines = new RecordedLines();

        await new NodeLifecycle(new NodeRuntime()).StopAsync(node.StateDir, CancellationToken.None, lines);

        lines.All.Should().Contain(l => l.EndsWith("/main: draining the application"));
        File.Exists(node.Folder.StoppedMarker).Should().BeTrue();
    }

    [RequiresKubeletFact]
    public async Task The_gravity_stop_command_prints_the_stop_hooks_log()
    {
        var node = await InstalledNodeAsync(Hook("stop", "echo draining from the command"));

        var output = await GravityCli.RunCheckedAsync("stop", "--state-dir", node.StateDir);

        output.Should().Contain("/main: draining from the command").And.Contain("stopped");
    }

    [RequiresKubeletFact]
    public async Task A_failing_stop_hook_fails_stop_before_anything_stops()
    {
        var node = await InstalledNodeAsync(Hook("stop", "echo cannot stop now; exit 1"));

        var act = () => new NodeLifecycle(new NodeRuntime()).StopAsync(node.StateDir, CancellationToken.None);

        (await act.Should().ThrowAsync<Core.GravityException>()).Which.Message.Should().Contain("hook stop failed").And.Contain("cannot stop now");
        File.Exists(node.Folder.StoppedMarker).Should().BeFalse();
    }

    [RequiresKubeletFact]
    public async Task Leave_force_runs_preUninstall_and_uninstall_and_a_failing_one_does_not_stop_the_uninstall()
    {
        var node = await InstalledNodeAsync(Hook("preUninstall", "echo saving data"), Hook("uninstall", "echo uninstall broke; exit 5"));
        var lines = new RecordedLines();

        await new NodeLifecycle(new NodeRuntime()).LeaveAsync(node.StateDir, force: true, lines);

        lines.All.Should().Contain(l => l.EndsWith("/main: saving data"));
        lines.All.Should().Contain(l => l.StartsWith("the uninstall hook failed; uninstalling anyway (--force)") && l.Contains("uninstall broke"));
        File.Exists(node.Folder.NodeFile).Should().BeFalse("the uninstall went on");
        Directory.Exists(node.Folder.Site).Should().BeFalse();
    }

    [RequiresKubeletFact]
    public async Task A_node_leaving_a_cluster_that_remains_does_not_uninstall_the_application()
    {
        var node = await InstalledNodeAsync(Hook("preUninstall", "echo saving data"), Hook("uninstall", "echo uninstalling"));
        var lines = new RecordedLines();

        await new NodeLifecycle(new NodeRuntime()).LeaveAsync(node.StateDir, force: true, lines, clusterRemains: true);

        JobsOf("preUninstall").Should().Be(0);
        JobsOf("uninstall").Should().Be(0);
        lines.All.Should().Contain(l => l.Contains("other nodes of the cluster remain"));
        File.Exists(node.Folder.NodeFile).Should().BeFalse("the node is uninstalled all the same");
    }

    [RequiresKubeletFact]
    public async Task A_node_whose_kubernetes_does_not_answer_stops_and_a_second_stop_runs_no_hook()
    {
        var node = await InstalledNodeAsync(Hook("stop", "echo draining"));
        await SilenceKubernetesAsync(node);
        var lines = new RecordedLines();

        await new NodeLifecycle(new NodeRuntime()).StopAsync(node.StateDir, CancellationToken.None, lines);

        File.Exists(node.Folder.StoppedMarker).Should().BeTrue();
        lines.All.Should().Contain(l => l.StartsWith("the stop hook could not run, Kubernetes did not answer"));
        lines.All.Clear();
        await new NodeLifecycle(new NodeRuntime()).StopAsync(node.StateDir, CancellationToken.None, lines);
        lines.All.Should().BeEmpty("a stopped node was told already");
    }

    [RequiresKubeletFact]
    public async Task Leave_force_uninstalls_with_an_admin_kubeconfig_that_is_not_one()
    {
        var node = await InstalledNodeAsync(Hook("uninstall", "echo uninstalling"));
        await File.WriteAllTextAsync(node.Folder.AdminKubeconfig, "clusters: [unclosed\n");
        var lines = new RecordedLines();

        await new NodeLifecycle(new NodeRuntime()).LeaveAsync(node.StateDir, force: true, lines);

        lines.All.Should().Contain(l => l.StartsWith("the uninstall hook failed; uninstalling anyway (--force)") && l.Contains("is not a usable kubeconfig"));
        File.Exists(node.Folder.NodeFile).Should().BeFalse();
    }

    [RequiresKubeletFact]
    public async Task Leave_force_does_not_uninstall_the_application_when_the_clusters_records_cannot_be_read()
    {
        // A master with the cluster's certificates whose etcd does not answer: other masters may run the application on.
        var node = await InstalledNodeAsync(Hook("uninstall", "echo uninstalling"));
        node = node with { EtcdClientPort = FreePort.Next() };
        await Gravity.Cluster.Runtime.NodeAgentConfig.Of(node).SaveAsync();
        var pki = new Gravity.Cluster.Certificates.ClusterPki(node.StateDir);
        await pki.EnsureCertificateAuthorityAsync("prod");
        await pki.EnsureNodeCertificateAsync(node.NodeName, node.AdvertiseAddr);
        var lines = new RecordedLines();

        await new NodeLifecycle(new NodeRuntime()).LeaveAsync(node.StateDir, force: true, lines);

        JobsOf("uninstall").Should().Be(0);
        lines.All.Should().Contain(l => l.StartsWith("the cluster's node records cannot be read") && l.EndsWith("hooks are not run"));
        File.Exists(node.Folder.NodeFile).Should().BeFalse("the node is uninstalled all the same");
    }
}

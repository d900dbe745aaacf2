using Gravity.Cluster.Nodes;
using Gravity.Cluster.Operations;
using Gravity.Cluster.Operations.Upgrade.NodeSwitch;
using Gravity.Cluster.Runtime;
using Gravity.Cluster.Tests.Operations;
using Gravity.Core;
using Gravity.Oci.Registry;
using Gravity.Testing;

namespace Gravity.Cluster.Tests.Operations.Upgrade.NodeSwitch;

/// <summary>
/// One node's part of an upgrade on a real install (etcd, registry and containerd from a runtime package): the new
/// runtime package is staged from the cluster registry beside the running one, the node's services restart on it and
/// are healthy, a rollback returns them to the old one, and gc removes what the upgrade kept.
/// </summary>
[Collection(InstallCollection.Name)]
public sealed class NodeSystemUpgradeTests
{
    private const string NextKubernetes = "1.35.3";

    [RequiresHostRuntimeFact]
    public async Task The_node_switches_to_the_new_runtime_package_rolls_back_to_the_old_and_gc_removes_the_kept_one()
    {
        var programs = RuntimePackageTestImage.HostPrograms()!;
        using var f = await InstallFixture.CreateAsync(runtimePrograms: programs);
        try
        {
            var (node, upgrade, registry, log) = await InstalledWithUploadAsync(f, programs);
            var layout = node.Folder;
            var gravityBefore = File.Exists(layout.GravityBinary) ? await File.ReadAllBytesAsync(layout.GravityBinary) : null;

            using (var client = new RegistryClient(new NodeRuntime().ClusterRegistryOptions(node)))
                (await upgrade.StageAsync(client, registry, log.Add, CancellationToken.None)).Should().Contain(s => s.StartsWith("runtime package"));
            KubernetesOf(layout.RuntimeNext).Should().Be(NextKubernetes);
            KubernetesOf(layout.RuntimeDir).Should().Be(RuntimePackageTestImage.KubernetesVersion, "staging leaves the running runtime alone");

            await upgrade.SwitchAsync(TimeSpan.FromSeconds(90), log.Add, CancellationToken.None);
            KubernetesOf(layout.RuntimeDir).Should().Be(NextKubernetes);
            KubernetesOf(layout.RuntimePrevious).Should().Be(RuntimePackageTestImage.KubernetesVersion, "the old runtime stays for a rollback");
            Directory.Exists(layout.RuntimeNext).Should().BeFalse();
            EtcdRunsFrom(layout).Should().Be(layout.RuntimeBinary("etcd"));
            (await new NodeRuntime().GetHealthAsync(node, CancellationToken.None))!.Status.Should().Be("running");
            if (gravityBefore is not null) File.Exists(layout.GravityBinaryPrevious).Should().BeTrue("the replaced gravity binary is kept");

            await upgrade.SwitchBackAsync(TimeSpan.FromSeconds(90), log.Add, CancellationToken.None);
            KubernetesOf(layout.RuntimeDir).Should().Be(RuntimePackageTestImage.KubernetesVersion);
            KubernetesOf(layout.RuntimeNext).Should().Be(NextKubernetes, "a rollback stages the new runtime again, so that the phase can be executed again");
            Directory.Exists(layout.RuntimePrevious).Should().BeFalse();
            (await new NodeRuntime().GetHealthAsync(node, CancellationToken.None))!.Status.Should().Be("running");
            if (gravityBefore is not null) (await File.ReadAllBytesAsync(layout.GravityBinary)).Should().Equal(gravityBefore);

            await upgrade.SwitchAsync(TimeSpan.FromSeconds(90), log.Add, CancellationToken.None);
            await upgrade.CollectAsync(log.Add, CancellationToken.None);
            Directory.Exists(layout.RuntimePrevious).Should().BeFalse();
            File.Exists(layout.GravityBinaryPrevious).Should().BeFalse();
            Directory.Exists(layout.AppDir(TestClusterImage.AppName, TestClusterImage.AppVersion)).Should().BeFalse("gc removes the old version's folder");
            KubernetesOf(layout.RuntimeDir).Should().Be(NextKubernetes);
        }
        finally
        {
            await GravityCli.RunAsync("leave", "--force", "--state-dir", f.StateDir);
        }
    }

    [RequiresHostRuntimeFact]
    public async Task A_switch_killed_between_its_two_renames_is_completed_by_the_next_run_even_after_an_agent_start_and_a_second_stage_keeps_the_old_runtime()
    {
        var programs = RuntimePackageTestImage.HostPrograms()!;
        using var f = await InstallFixture.CreateAsync(runtimePrograms: programs);
        try
        {
            var (node, upgrade, registry, log) = await InstalledWithUploadAsync(f, programs);
            var layout = node.Folder;
            using var client = new RegistryClient(new NodeRuntime().ClusterRegistryOptions(node));
            await upgrade.StageAsync(client, registry, log.Add, CancellationToken.None);

            // What a kill -9 after the first rename leaves: the running runtime moved aside, the new one not yet in place.
            await new NodeRuntime().StopAgentAsync(node, CancellationToken.None);
            Directory.Move(layout.RuntimeDir, layout.RuntimePrevious);
            Directory.CreateDirectory(layout.RuntimeDir); // and what a start of the node agent then creates
            await upgrade.SwitchAsync(TimeSpan.FromSeconds(90), log.Add, CancellationToken.None);
            KubernetesOf(layout.RuntimeDir).Should().Be(NextKubernetes);
            KubernetesOf(layout.RuntimePrevious).Should().Be(RuntimePackageTestImage.KubernetesVersion);

            (await upgrade.StageAsync(client, registry, log.Add, CancellationToken.None)).Should().BeEmpty("the node runs the new version already");
            await upgrade.SwitchAsync(TimeSpan.FromSeconds(90), log.Add, CancellationToken.None);
            KubernetesOf(layout.RuntimePrevious).Should().Be(RuntimePackageTestImage.KubernetesVersion, "executing the phase again never loses the old runtime");
        }
        finally
        {
            await GravityCli.RunAsync("leave", "--force", "--state-dir", f.StateDir);
        }
    }

    [Fact]
    public async Task A_switch_with_nothing_staged_is_refused_and_changes_nothing()
    {
        using var dir = new TempDir("sysup");
        var node = new NodeSettings { StateDir = dir.Combine("state"), ClusterName = "c", NodeName = "node-1", AdvertiseAddr = "127.0.0.1", Role = "worker", GravityBinary = "gravity" };
        Directory.CreateDirectory(node.Folder.RuntimeDir);
        var upgrade = new NodeSystemUpgrade(node, new NodeRuntime(), dir.Combine("from"), dir.Combine("to"));

        var act = () => upgrade.SwitchAsync(TimeSpan.FromSeconds(5), _ => { }, CancellationToken.None);
        (await act.Should().ThrowAsync<GravityException>()).Which.Message.Should().Contain("nothing is staged").And.Contain("bootstrap");
        Directory.Exists(node.Folder.RuntimeDir).Should().BeTrue();
    }

    private static async Task<(NodeSettings, NodeSystemUpgrade, string, List<string>)> InstalledWithUploadAsync(InstallFixture f, IReadOnlyList<RuntimePackageProgram> programs)
    {
        await GravityCli.RunCheckedAsync(f.InstallArgs());
        var node = NodeAgentConfig.Load(f.StateDir).Node;
        // The new version: the same programs under another Kubernetes version (so another package digest), its images
        // in the cluster registry and its folder where upload puts it.
        var next = await TestClusterImage.CreateAsync(Path.Combine(f.Root, "next"), new TestClusterImageVersion(Version: "2.0.0", KubernetesVersion: NextKubernetes), runtimePrograms: programs);
        var image = await UnpackedClusterImage.OpenAsync(next);
        using (var client = new RegistryClient(new NodeRuntime().ClusterRegistryOptions(node)))
            await ImageExporter.ExportToClusterRegistryAsync(image, node, client, null, CancellationToken.None);
        var to = node.Folder.AppDir(TestClusterImage.AppName, "2.0.0");
        Directory.CreateDirectory(to);
        File.Copy(Path.Combine(next, Gravity.Packaging.ClusterImage.ClusterImageLayout.HeadPath), Path.Combine(to, "head.json"));
        if (File.Exists(node.Folder.GravityBinary)) File.Copy(node.Folder.GravityBinary, Path.Combine(to, NodeSystemUpgrade.GravityBinaryName));
        var from = node.Folder.AppDir(TestClusterImage.AppName, TestClusterImage.AppVersion);
        return (node, new NodeSystemUpgrade(node, new NodeRuntime(), from, to), node.RegistryAddress, []);
    }

    private static string KubernetesOf(string runtimeDir)
        => global::System.Text.Json.JsonDocument.Parse(File.ReadAllBytes(Path.Combine(runtimeDir, "runtime.json"))).RootElement.GetProperty("kubernetesVersion").GetString()!;

    private static string? EtcdRunsFrom(StateFolder layout)
        => new FileInfo($"/proc/{File.ReadAllText(layout.PidFile("etcd")).Trim()}/exe").LinkTarget;
}

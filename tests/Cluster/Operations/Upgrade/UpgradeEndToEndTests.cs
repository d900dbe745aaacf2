using Gravity.Cluster.Etcd;
using Gravity.Cluster.Nodes;
using Gravity.Cluster.Plans;
using Gravity.Cluster.Runtime;
using Gravity.Cluster.State;
using Gravity.Testing;

namespace Gravity.Cluster.Tests.Operations.Upgrade;

/// <summary>
/// The whole upgrade on a real node (etcd, the cluster registry and containerd from the runtime package): install
/// 1.2.3, upload 2.0.0 (another runtime package, a gravity binary), `gravity upgrade`; the node then runs 2.0.0's
/// runtime and the cluster says 2.0.0. And a failure after system-upgrade: the upgrade stops with the advice,
/// `rollback --dry-run` changes nothing, `rollback --confirm` returns the node to 1.2.3's runtime, healthy.
/// </summary>
[Collection(InstallCollection.Name)]
public sealed class UpgradeEndToEndTests
{
    private const string NextVersion = "2.0.0";
    private const string NextKubernetes = "1.35.3";

    [RequiresHostRuntimeFact]
    public async Task Upload_then_upgrade_moves_the_node_to_the_new_runtime_and_the_cluster_to_the_new_version()
    {
        using var f = await InstallFixture.CreateAsync(runtimePrograms: RuntimePackageTestImage.HostPrograms()!);
        try
        {
            var node = await InstallAndUploadAsync(f);

            var output = await GravityCli.RunCheckedAsync("upgrade", "--state-dir", f.StateDir);

            output.Should().Contain($"updating {TestClusterImage.AppName} from {TestClusterImage.AppVersion} to {NextVersion}")
                .And.Contain("/masters/node-1/system-upgrade").And.Contain("completed");
            (await ClusterVersionAsync(node)).Should().Be(NextVersion);
            KubernetesOf(node.Folder.RuntimeDir).Should().Be(NextKubernetes);
            new FileInfo($"/proc/{File.ReadAllText(node.Folder.PidFile("etcd")).Trim()}/exe").LinkTarget.Should().Be(node.Folder.RuntimeBinary("etcd"));
            Directory.Exists(node.Folder.RuntimePrevious).Should().BeFalse("gc removed the runtime kept for a rollback");
            Directory.Exists(node.Folder.AppDir(TestClusterImage.AppName, TestClusterImage.AppVersion)).Should().BeFalse("gc removed the old version's folder");
            (await new Gravity.Cluster.Operations.NodeRuntime().GetHealthAsync(node, CancellationToken.None))!.Status.Should().Be("running");

            var again = await GravityCli.RunAsync("upgrade", "--state-dir", f.StateDir);
            again.ExitCode.Should().NotBe(0);
            again.Combined.Should().Contain("already runs");
        }
        finally
        {
            await GravityCli.RunAsync("leave", "--force", "--state-dir", f.StateDir);
        }
    }

    [RequiresHostRuntimeFact]
    public async Task A_failure_after_system_upgrade_stops_with_advice_and_rollback_returns_the_node_to_the_old_runtime()
    {
        using var f = await InstallFixture.CreateAsync(runtimePrograms: RuntimePackageTestImage.HostPrograms()!);
        try
        {
            var node = await InstallAndUploadAsync(f);
            const string failing = "/masters/node-1/system-upgrade";

            var failed = await ProgramUnderTest.Gravity.RunAsync(["upgrade", "--state-dir", f.StateDir],
                environment: new Dictionary<string, string?> { [Failpoints.FailAfterPhaseVariable] = failing });
            failed.ExitCode.Should().NotBe(0, failed.Combined);
            failed.Combined.Should().Contain("gravity plan resume").And.Contain("gravity rollback");
            KubernetesOf(node.Folder.RuntimeDir).Should().Be(NextKubernetes, "the phase did its work before the failpoint failed it");

            var dryRun = await GravityCli.RunCheckedAsync("rollback", "--dry-run", "--state-dir", f.StateDir);
            dryRun.Should().Contain($"[DRY-RUN] Rolling back \"{failing}\" locally");
            KubernetesOf(node.Folder.RuntimeDir).Should().Be(NextKubernetes, "a dry run changes nothing");

            var rollback = await GravityCli.RunCheckedAsync("rollback", "--confirm", "--state-dir", f.StateDir);
            rollback.Should().Contain($"Rolling back \"{failing}\" locally").And.Contain("Rolling back \"/bootstrap/node-1\" locally");
            rollback.IndexOf(failing, StringComparison.Ordinal).Should().BeLessThan(rollback.IndexOf("/bootstrap/node-1", StringComparison.Ordinal), "last first");
            KubernetesOf(node.Folder.RuntimeDir).Should().Be(RuntimePackageTestImage.KubernetesVersion);
            Directory.Exists(node.Folder.RuntimeNext).Should().BeFalse("the bootstrap's rollback removed what it staged");
            (await ClusterVersionAsync(node)).Should().Be(TestClusterImage.AppVersion);
            (await new Gravity.Cluster.Operations.NodeRuntime().GetHealthAsync(node, CancellationToken.None))!.Status.Should().Be("running");
        }
        finally
        {
            await GravityCli.RunAsync("leave", "--force", "--state-dir", f.StateDir);
        }
    }

    [RequiresHostRuntimeFact]
    public async Task Once_gc_has_run_rollback_is_refused_and_resume_finishes_the_upgrade()
    {
        using var f = await InstallFixture.CreateAsync(runtimePrograms: RuntimePackageTestImage.HostPrograms()!);
        try
        {
            var node = await InstallAndUploadAsync(f);
            var failed = await ProgramUnderTest.Gravity.RunAsync(["upgrade", "--state-dir", f.StateDir],
                environment: new Dictionary<string, string?> { [Failpoints.FailAfterPhaseVariable] = "/gc/node-1" });
            failed.ExitCode.Should().NotBe(0, failed.Combined);
            Directory.Exists(node.Folder.RuntimePrevious).Should().BeFalse("gc did its work before the failpoint failed it");

            var rollback = await GravityCli.RunAsync("rollback", "--confirm", "--state-dir", f.StateDir);
            rollback.ExitCode.Should().NotBe(0);
            rollback.Combined.Should().Contain("/gc/node-1").And.Contain("gravity plan resume");
            KubernetesOf(node.Folder.RuntimeDir).Should().Be(NextKubernetes, "nothing was rolled back");

            await GravityCli.RunCheckedAsync("plan", "resume", "--state-dir", f.StateDir);
            (await ClusterVersionAsync(node)).Should().Be(NextVersion);
        }
        finally
        {
            await GravityCli.RunAsync("leave", "--force", "--state-dir", f.StateDir);
        }
    }

    private static async Task<NodeSettings> InstallAndUploadAsync(InstallFixture f)
    {
        await GravityCli.RunCheckedAsync(f.InstallArgs());
        var node = NodeAgentConfig.Load(f.StateDir).Node;
        // The new image's gravity binary becomes the node's: the real one when the tests run published binaries.
        var gravity = ProgramUnderTest.Gravity;
        var version = gravity.IsPublished
            ? new TestClusterImageVersion(Version: NextVersion, KubernetesVersion: NextKubernetes, GravityBinaryFile: gravity.FileName)
            : new TestClusterImageVersion(Version: NextVersion, KubernetesVersion: NextKubernetes, GravityBinary: "#!/bin/sh\nexit 1\n");
        var next = await TestClusterImage.CreateAsync(Path.Combine(f.Root, "next"), version, runtimePrograms: RuntimePackageTestImage.HostPrograms()!);
        await GravityCli.RunCheckedAsync("upload", "--from", next, "--state-dir", f.StateDir);
        return node;
    }

    private static async Task<string> ClusterVersionAsync(NodeSettings node)
    {
        using var etcd = new EtcdGrpcClient(node.EtcdOptions());
        return (await new ClusterStateStore(etcd).GetClusterAsync())!.Application.Version;
    }

    private static string KubernetesOf(string runtimeDir)
        => System.Text.Json.JsonDocument.Parse(File.ReadAllBytes(Path.Combine(runtimeDir, "runtime.json"))).RootElement.GetProperty("kubernetesVersion").GetString()!;
}

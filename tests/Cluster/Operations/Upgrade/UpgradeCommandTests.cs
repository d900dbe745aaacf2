using Gravity.Cluster.Etcd;
using Gravity.Cluster.Operations;
using Gravity.Cluster.Operations.Kinds;
using Gravity.Cluster.Operations.Upgrade;
using Gravity.Cluster.Operations.Upgrade.Executors;
using Gravity.Cluster.Plans;
using Gravity.Cluster.Runtime;
using Gravity.Cluster.State;
using Gravity.Oci;

namespace Gravity.Cluster.Tests.Operations.Upgrade;

/// <summary>
/// `gravity upgrade` and `gravity rollback` on an installed node (real etcd, agent and runtime): the refusals, the
/// manual creation's lines, the rollback's dry run, refusal and confirmed run, the config phase, and a whole upgrade
/// run with test doubles for the runtime's node-level phases (whose executors are not part of this change).
/// </summary>
[Collection(InstallCollection.Name)]
public sealed class UpgradeCommandTests
{
    private const string App = TestClusterImage.AppName;
    private const string Installed = TestClusterImage.AppVersion;

    [Fact]
    public async Task Upgrade_refusals_manual_creation_rollback_and_a_whole_run()
    {
        using var f = await InstallFixture.CreateAsync();
        await GravityCli.RunCheckedAsync(f.InstallArgs());
        var node = NodeAgentConfig.Load(f.StateDir).Node;
        using var etcd = new EtcdGrpcClient(node.EtcdOptions());
        var uploads = new UploadedApplicationStore(etcd);
        string[] upgrade = ["upgrade", "--state-dir", f.StateDir];

        // Rollback is for upgrades: the install is not one (and has completed).
        var notUpgrade = await GravityCli.RunAsync(["rollback", "--confirm", "--state-dir", f.StateDir]);
        notUpgrade.ExitCode.Should().Be(1, notUpgrade.Combined);
        notUpgrade.StdErr.Should().Contain("upgrade operations only").And.Contain("install");

        await Refused(upgrade, $"no version of {App} has been uploaded");
        await UploadAsync(node, uploads, Installed);
        await Refused(upgrade, $"already runs {App} {Installed}");
        await uploads.RemoveAsync(App, Installed);
        await UploadAsync(node, uploads, "1.0.0");
        await Refused(upgrade, $"1.0.0, is older than {Installed}");
        await UploadAsync(node, uploads, "2.0.0");

        var manual = await GravityCli.RunAsync(["upgrade", "--manual", "--state-dir", f.StateDir]);
        manual.ExitCode.Should().Be(0, manual.Combined);
        manual.StdOut.Should().Be($"updating {App} from {Installed} to 2.0.0\nDeploying agents on nodes\nThe operation has been created in manual mode.", "(the runner trims the last newline)");
        var store = new OperationStore(f.StateDir);
        var operation = (await store.GetCurrentAsync())!;
        operation.Type.Should().Be(OperationTypes.Upgrade);
        await Refused(upgrade, $"operation {operation.Id} (upgrade) is in progress");

        var display = await GravityCli.RunCheckedAsync("plan", "--state-dir", f.StateDir);
        display.Should().Contain("Phase").And.Contain("Requires").And.Contain("* init").And.Contain("Update system software on node \"node-1\"");
        foreach (var phase in new[] { "/init", "/checks", "/pre-update" })
            await GravityCli.RunCheckedAsync("plan", "execute", "--phase", phase, "--state-dir", f.StateDir);

        // --dry-run: the lines, nothing changed.
        var changes = await store.ListChangesAsync(operation.Id);
        var dry = await GravityCli.RunAsync(["rollback", "--dry-run", "--state-dir", f.StateDir]);
        dry.ExitCode.Should().Be(0, dry.Combined);
        dry.StdOut.Should().Be("[DRY-RUN] Rolling back \"/pre-update\" locally\n[DRY-RUN] Rolling back \"/checks\" locally\n[DRY-RUN] Rolling back \"/init\" locally");
        (await store.ListChangesAsync(operation.Id)).Should().BeEquivalentTo(changes);

        // Anything but yes aborts.
        var prompt = $"{RollbackText.Intro}\n{RollbackText.Table(operation)}\n{RollbackText.DryRunAdvice}\n{RollbackText.ConfirmAdvice}\n{RollbackText.Prompt}\n";
        var aborted = await ProgramUnderTestRun(["rollback", "--state-dir", f.StateDir], "no\n");
        aborted.ExitCode.Should().Be(1, aborted.Combined);
        aborted.StdOut.Should().Be(prompt.TrimEnd());
        (await store.ListChangesAsync(operation.Id)).Should().BeEquivalentTo(changes, "an aborted rollback changes nothing");

        var confirmed = await ProgramUnderTestRun(["rollback", "--state-dir", f.StateDir], "yes\n");
        confirmed.ExitCode.Should().Be(0, confirmed.Combined);
        confirmed.StdOut.Should().Be(prompt + "Rolling back \"/pre-update\" locally\nRolling back \"/checks\" locally\nRolling back \"/init\" locally");
        var ended = (await store.GetAsync(operation.Id))!;
        ended.State.Should().Be(OperationState.Failed);
        ended.Error.Should().Be(OperationRollback.RolledBackReason);
        var status = PlanStatus.Fold(await store.GetPlanAsync(operation.Id), await store.ListChangesAsync(operation.Id));
        foreach (var phase in new[] { "/init", "/checks", "/pre-update" }) status.StateOf(phase).Should().Be(PhaseState.RolledBack);
        (await new ClusterStateStore(etcd).GetClusterAsync())!.Application.Version.Should().Be(Installed);
        var again = await GravityCli.RunAsync(["rollback", "--confirm", "--state-dir", f.StateDir]);
        again.ExitCode.Should().Be(1);
        again.StdErr.Should().Contain("is failed: rolling back an operation that has ended is not supported");

        // /config names the new version in the cluster's record (what status shows); its rollback the old one.
        var config = UpgradeConfig.Deserialize(operation.Config);
        var plan = UpgradePlanBuilder.Build(operation.Id, config, "test-cluster");
        var configPhase = new ConfigExecutor(new UpgradePhaseContext(config, new NodeRuntime(), o => new EtcdGrpcClient(o)));
        var context = new PhaseContext(plan, plan.Get(UpgradePhases.Config), _ => { });
        await configPhase.ExecuteAsync(context, default);
        (await new ClusterStateStore(etcd).GetClusterAsync())!.Application.Version.Should().Be("2.0.0");
        (await GravityCli.RunCheckedAsync("status", "--state-dir", f.StateDir)).Should().Contain("2.0.0");
        await configPhase.RollbackAsync(context, default);
        (await new ClusterStateStore(etcd).GetClusterAsync())!.Application.Version.Should().Be(Installed);

        // A whole upgrade, the runtime's phases done by test doubles: every phase completes and the cluster records 2.0.0.
        var start = await new Upgrader(new NodeRuntime()).CreateAsync(f.StateDir);
        var doubles = new RuntimePhaseTestDoubles();
        var session = await OperationSession.OpenAsync(store, start.Operation, new NodeRuntime(), kinds: new OperationKinds().Register(new UpgradeKindWithRuntimeTestDoubles(doubles)));
        var done = await session.RunAsync(engine => engine.ResumeAsync());
        done.IsCompleted.Should().BeTrue();
        doubles.Executed.Should().Equal("/bootstrap/node-1", "/masters/node-1/system-upgrade", "/gc/node-1");
        (await store.GetAsync(start.Operation.Id))!.State.Should().Be(OperationState.Completed);
        (await new ClusterStateStore(etcd).GetClusterAsync())!.Application.Version.Should().Be("2.0.0");
        (await new Gravity.Cluster.Runtime.Leadership.CandidacyPause(etcd).IsPausedAsync("node-1")).Should().BeFalse("a single master never steps down");
        var completed = await GravityCli.RunAsync(["rollback", "--confirm", "--state-dir", f.StateDir]);
        completed.ExitCode.Should().Be(1);
        completed.StdErr.Should().Contain("is completed: rolling back an operation that has ended is not supported");
    }

    private static async Task Refused(string[] args, string reason)
    {
        var r = await GravityCli.RunAsync(args);
        r.ExitCode.Should().Be(1, r.Combined);
        r.StdErr.Should().Contain(reason);
        r.StdOut.Should().BeEmpty("nothing is recorded or announced");
    }

    private static Task<Core.Processes.ProcessResult> ProgramUnderTestRun(string[] args, string stdin)
        => Gravity.Testing.ProgramUnderTest.Gravity.RunAsync(args, stdin: stdin);

    /// <summary>What `gravity upload` leaves for a version: its folder on the master (a copy of the installed one, renumbered) and its record.</summary>
    private static async Task UploadAsync(Gravity.Cluster.Nodes.NodeSettings node, UploadedApplicationStore uploads, string version)
    {
        var from = node.Folder.AppDir(App, Installed);
        var to = node.Folder.AppDir(App, version);
        if (version != Installed)
        {
            foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
            {
                var target = Path.Combine(to, Path.GetRelativePath(from, file));
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.Copy(file, target, overwrite: true);
            }
            var manifest = Path.Combine(to, "app.yaml");
            await File.WriteAllTextAsync(manifest, (await File.ReadAllTextAsync(manifest)).Replace($"resourceVersion: {Installed}", $"resourceVersion: {version}"));
        }
        var digest = Digest.Compute(await File.ReadAllBytesAsync(Path.Combine(to, UpgradePhaseContext.HeadFile))).ToString();
        await uploads.PutAsync(new UploadedApplication(App, version, DateTimeOffset.UtcNow, node.NodeName, digest, [node.NodeName]));
    }
}

using Gravity.Cluster.Operations;
using Gravity.Cluster.Operations.Install;
using Gravity.Cluster.Operations.Install.Executors;
using Gravity.Cluster.Plans;
using Gravity.Cluster.Tests.Operations.Hooks;
using Gravity.Testing;
using Gravity.Testing.Kubernetes;

namespace Gravity.Cluster.Tests.Operations.Install;

/// <summary>/app's install and postInstall hooks, run as Jobs by the kubelet test double (containerd, runc, busybox).</summary>
public sealed class AppPhaseHookTests() : HookJobTestBase("app-hooks")
{
    [RequiresKubeletFact]
    public async Task Install_then_postInstall_run_with_their_logs_in_the_phase_log_and_a_resumed_phase_does_not_run_them_again()
    {
        var manifest = TestClusterImage.Manifest("hooks:\n" + Hook("install", "echo installing for $GRAVITY_CLUSTER_NAME as $GRAVITY_SERVICE_USER") + "\n"
                                                 + Hook("postInstall", "ls /var/lib/gravity/resources; echo post-install done"));
        using var f = await InstallFixture.CreateAsync(manifest: manifest, resources: new Dictionary<string, string>
        {
            ["cm.yaml"] = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cm}\n",
        });
        var image = await UnpackedClusterImage.OpenAsync(f.ImageDir);
        var config = f.PhaseConfig();
        config = config with { Node = config.Node with { ServiceUid = 1234 } };
        NodeWithKubernetes.Prepare(config.Folder, Harness.Api);
        // What /unpack leaves: the resources the hooks get.
        Directory.CreateDirectory(Path.Combine(config.Folder.AppDir(config.AppName, config.AppVersion), "resources"));
        File.WriteAllText(Path.Combine(config.Folder.AppDir(config.AppName, config.AppVersion), "resources", "cm.yaml"), "x");
        var plan = InstallPlanBuilder.Build("op-hooks", config);
        var log = new List<string>();
        var context = new PhaseContext(plan, plan.Get(InstallPhases.App), l => { lock (log) log.Add(l); });
        var executor = new AppExecutor(new InstallPhaseContext(config, new NodeRuntime(), _ => Task.FromResult(image)));

        await executor.ExecuteAsync(context, CancellationToken.None);

        log.Should().ContainInOrder(
            log.First(l => l.Contains("installing for c as 1234")),
            log.First(l => l.Contains("hook install: job kube-system/install-") && l.Contains("has completed")),
            log.First(l => l.EndsWith("/main: cm.yaml")),
            log.First(l => l.Contains("post-install done")));
        log.Should().Contain(l => l.Contains("hook postInstall: job kube-system/postinstall-") && l.Contains("has completed"));
        JobsOf("install").Should().Be(1);

        log.Clear();
        await executor.ExecuteAsync(context, CancellationToken.None);

        log.Should().Contain("hook install has completed already in this operation: not run again")
            .And.Contain("hook postInstall has completed already in this operation: not run again");
        JobsOf("install").Should().Be(1);
        JobsOf("postInstall").Should().Be(1);
    }

    [RequiresKubeletFact]
    public async Task A_failing_install_hook_fails_the_phase_with_its_log_and_postInstall_does_not_run()
    {
        var manifest = TestClusterImage.Manifest("hooks:\n" + Hook("install", "echo schema missing; exit 4") + "\n" + Hook("postInstall", "echo never"));
        using var f = await InstallFixture.CreateAsync(manifest: manifest);
        var image = await UnpackedClusterImage.OpenAsync(f.ImageDir);
        var config = f.PhaseConfig();
        NodeWithKubernetes.Prepare(config.Folder, Harness.Api);
        var plan = InstallPlanBuilder.Build("op-fail", config);
        var context = new PhaseContext(plan, plan.Get(InstallPhases.App), _ => { });
        var executor = new AppExecutor(new InstallPhaseContext(config, new NodeRuntime(), _ => Task.FromResult(image)));

        var act = () => executor.ExecuteAsync(context, CancellationToken.None);

        (await act.Should().ThrowAsync<Core.GravityException>()).Which.Message.Should().Contain("hook install failed").And.Contain("schema missing");
        JobsOf("postInstall").Should().Be(0);
    }
}

using Gravity.Cluster.Tests.Operations;
using Gravity.Cluster.Nodes;
using Gravity.Cluster.Operations;
using Gravity.Cluster.Operations.Install.Executors;
using Gravity.Cluster.Plans;
using Gravity.Cluster.Operations.Install;

namespace Gravity.Cluster.Tests.Operations.Install;

/// <summary>/checks refuses an application this runtime cannot install, naming what is missing, before the preflight checks.</summary>
public sealed class ChecksPhaseTests
{
    [Fact]
    public async Task Install_hook_without_kubernetes_fails_the_checks_phase()
    {
        var hook = "hooks:\n  install:\n    job: |\n      apiVersion: batch/v1\n      kind: Job\n      metadata:\n        name: install\n";
        using var f = await InstallFixture.CreateAsync(manifest: TestClusterImage.Manifest(hook));
        var image = await UnpackedClusterImage.OpenAsync(f.ImageDir);
        var config = f.PhaseConfig();
        var plan = InstallPlanBuilder.Build("op", config);
        var executor = new ChecksExecutor(new InstallPhaseContext(config, new NodeRuntime(), _ => Task.FromResult(image)));

        var act = () => executor.ExecuteAsync(new PhaseContext(plan, plan.Get(InstallPhases.Checks), _ => { }), CancellationToken.None);

        (await act.Should().ThrowAsync<Core.GravityException>()).Which.Message
            .Should().Contain("/checks").And.Contain("install hook(s) install").And.Contain("needs Kubernetes").And.Contain("no Kubernetes API server");
        Directory.Exists(f.StateDir).Should().BeFalse();
    }
}

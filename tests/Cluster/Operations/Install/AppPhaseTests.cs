using Gravity.Cluster.Tests.Operations;
using Gravity.Cluster.Nodes;
using Gravity.Cluster.Operations;
using Gravity.Cluster.Operations.Install.Executors;
using Gravity.Cluster.Plans;
using Gravity.Cluster.Operations.Install;

namespace Gravity.Cluster.Tests.Operations.Install;

/// <summary>/app without a Kubernetes API: fine for an application with nothing to apply (or only ImageSets), a clear failure otherwise.</summary>
public sealed class AppPhaseTests
{
    private static async Task<(AppExecutor, PhaseContext, List<string>)> SetUp(InstallFixture f)
    {
        var image = await UnpackedClusterImage.OpenAsync(f.ImageDir);
        var config = f.PhaseConfig();
        var plan = InstallPlanBuilder.Build("op", config);
        var log = new List<string>();
        var executor = new AppExecutor(new InstallPhaseContext(config, new NodeRuntime(), _ => Task.FromResult(image)));
        return (executor, new PhaseContext(plan, plan.Get(InstallPhases.App), log.Add), log);
    }

    [Fact]
    public async Task Application_with_resources_needs_kubernetes_and_says_so()
    {
        using var f = await InstallFixture.CreateAsync(resources: new Dictionary<string, string> { ["web.yaml"] = "kind: Deployment\n" });
        var (executor, context, _) = await SetUp(f);

        var act = () => executor.ExecuteAsync(context, CancellationToken.None);

        (await act.Should().ThrowAsync<Core.GravityException>()).Which.Message
            .Should().Contain("web.yaml").And.Contain("needs Kubernetes").And.Contain("no Kubernetes API server");
    }

    [Fact]
    public async Task Application_with_an_install_hook_needs_kubernetes()
    {
        var hook = "hooks:\n  install:\n    job: |\n      apiVersion: batch/v1\n      kind: Job\n      metadata:\n        name: install\n";
        using var f = await InstallFixture.CreateAsync(manifest: TestClusterImage.Manifest(hook));
        var (executor, context, _) = await SetUp(f);

        var act = () => executor.ExecuteAsync(context, CancellationToken.None);

        (await act.Should().ThrowAsync<Core.GravityException>()).Which.Message.Should().Contain("install hook(s) install");
    }

    [Fact]
    public async Task Application_with_nothing_to_apply_installs_without_kubernetes()
    {
        using var f = await InstallFixture.CreateAsync();
        var (executor, context, log) = await SetUp(f);

        await executor.ExecuteAsync(context, CancellationToken.None);

        log.Should().ContainSingle().Which.Should().Contain("nothing to apply");
    }

    [Fact]
    public async Task Application_whose_resources_are_only_image_sets_installs_without_kubernetes()
    {
        var imageSets = "apiVersion: cluster.gravitational.io/v1\nkind: ImageSet\nmetadata:\n  name: extra\nspec:\n  images:\n  - image: docker.io/testapp/web:1.0\n---\n"
            + "apiVersion: cluster.gravitational.io/v1\nkind: ImageSet\nmetadata:\n  name: more\nspec:\n  images: []\n";
        using var f = await InstallFixture.CreateAsync(resources: new Dictionary<string, string> { ["images.yaml"] = imageSets });
        var (executor, context, log) = await SetUp(f);

        await executor.ExecuteAsync(context, CancellationToken.None);

        log.Should().ContainSingle().Which.Should().Contain("only ImageSets").And.Contain("images.yaml");
    }

    [Fact]
    public async Task Image_set_beside_another_resource_still_needs_kubernetes()
    {
        var mixed = "apiVersion: cluster.gravitational.io/v1\nkind: ImageSet\nmetadata:\n  name: extra\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n";
        using var f = await InstallFixture.CreateAsync(resources: new Dictionary<string, string> { ["mixed.yaml"] = mixed });
        var (executor, context, _) = await SetUp(f);

        var act = () => executor.ExecuteAsync(context, CancellationToken.None);

        (await act.Should().ThrowAsync<Core.GravityException>()).Which.Message.Should().Contain("mixed.yaml").And.Contain("needs Kubernetes");
    }
}

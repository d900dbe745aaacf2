using Gravity.Core;
using Gravity.Packaging.Build;
using Gravity.Packaging.Discovery.Helm;
using Gravity.Packaging.Tests.Discovery.Helm;
using Gravity.Testing;

namespace Gravity.Packaging.Tests.Build;

/// <summary>How tele build reads the charts: with the helm on PATH or given with --helm, else with a warning.</summary>
public sealed class HelmBuildPlanTests
{
    private static BuildRequest DryRun(TempDir dir, Func<string, string?>? env = null) => new()
    {
        ManifestPath = Path.Combine(dir.Path, "app"), StateDir = dir.Combine("state"), DryRun = true,
        GetEnvironmentVariable = env ?? Environment.GetEnvironmentVariable,
    };

    private static TempDir Application()
    {
        var dir = new TempDir("helm-plan");
        Directory.CreateDirectory(dir.Combine("app", "charts", "web", "templates"));
        File.WriteAllText(dir.Combine("app", "app.yaml"), "apiVersion: bundle.gravitational.io/v2\nkind: Bundle\nmetadata: {name: app, resourceVersion: 1.0.0}\n");
        File.WriteAllText(dir.Combine("app", "charts", "web", "Chart.yaml"), "apiVersion: v2\nname: web\nversion: 1.0.0\nappVersion: 2.0.0\n");
        File.WriteAllText(dir.Combine("app", "charts", "web", "values.yaml"), "image: {repository: acme/web, tag: ''}\n");
        File.WriteAllText(dir.Combine("app", "charts", "web", "templates", "pod.yaml"),
            "apiVersion: v1\nkind: Pod\nmetadata: {name: web}\nspec:\n  containers:\n    - name: web\n      image: \"{{ .Values.image.repository }}:{{ .Values.image.tag | default .Chart.AppVersion }}\"\n");
        return dir;
    }

    [RequiresHelmFact]
    public async Task With_helm_on_path_the_plan_says_each_chart_was_rendered_and_a_warm_build_reuses_the_render()
    {
        using var dir = Application();

        var cold = await ClusterImageBuilder.BuildAsync(DryRun(dir));
        var warm = await ClusterImageBuilder.BuildAsync(DryRun(dir));

        cold.Plan.Images.Select(i => i.Reference.ToString()).Should().Equal("docker.io/acme/web:2.0.0");
        cold.Plan.Warnings.Should().BeEmpty();
        cold.Plan.Charts.Should().ContainSingle().Which.How.Should().MatchRegex(@"^rendered with helm v\d+\.\d+\.\d+$");
        warm.Plan.Charts.Single().How.Should().EndWith("(unchanged since the last build: render remembered)");
        warm.Plan.Images.Select(i => i.Reference.ToString()).Should().Equal("docker.io/acme/web:2.0.0");
    }

    [Fact]
    public async Task Without_helm_the_build_says_once_that_charts_are_read_without_helm_and_marks_each_chart()
    {
        using var dir = Application();
        var stages = new List<string>();

        var result = await ClusterImageBuilder.BuildAsync(DryRun(dir, n => n == "PATH" ? "/nonexistent" : Environment.GetEnvironmentVariable(n)),
            new RecordingStages(stages));

        result.Plan.Charts.Should().ContainSingle().Which.Should().Match<Gravity.Packaging.Discovery.ChartReading>(c => !c.WithHelm && c.How.StartsWith("read without helm"));
        result.Plan.Warnings.Should().ContainSingle().Which.Should().Contain(HelmChartScanner.NoHelmWarning);
        stages.Where(s => s.StartsWith("warning: ")).Should().ContainSingle().Which.Should().Contain("read without helm");
    }

    [Fact]
    public async Task An_explicit_helm_that_does_not_exist_fails_the_build()
    {
        using var dir = Application();
        var act = () => ClusterImageBuilder.BuildAsync(DryRun(dir) with { HelmBinary = dir.Combine("no-helm") });
        (await act.Should().ThrowAsync<GravityException>()).Which.Message.Should().Be($"--helm {dir.Combine("no-helm")}: no such file");
    }

    private sealed class RecordingStages(List<string> stages) : IBuildProgress
    {
        public void Stage(string message) => stages.Add(message);
        public void ImageStarted(Gravity.Oci.ImageReference image, string source) { }
        public void Transfer(Gravity.Oci.Transfer.TransferProgress progress) { }
        public void ImageFinished(Gravity.Oci.ImageReference image, long size, long downloaded) { }
        public void Writing(long written, long total) { }
    }
}

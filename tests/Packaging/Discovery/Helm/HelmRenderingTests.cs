using Gravity.Packaging.Discovery;
using Gravity.Packaging.Discovery.Helm.Rendering;
using Gravity.Testing;

namespace Gravity.Packaging.Tests.Discovery.Helm;

/// <summary>With helm, the images of a chart are exactly those that <c>helm template</c> renders.</summary>
public sealed class HelmRenderingTests
{
    public static TheoryData<string> Cases => ChartCase.Names();

    [RequiresHelmTheory]
    [MemberData(nameof(Cases))]
    public async Task With_helm_the_images_found_are_exactly_those_of_helm_template(string name)
    {
        var chartCase = ChartCase.Named(name);
        var expected = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var chart in chartCase.ChartDirs)
            expected.UnionWith(await HelmOracle.ImagesAsync(chart, chartCase.FullValuesFiles, chartCase.Sets));

        var result = await ImageDiscovery.DiscoverAsync(chartCase.Path, BuildFolder.Manifest(), new DiscoveryOptions
        {
            Helm = RealHelm.Required, ValuesFiles = chartCase.FullValuesFiles, Set = chartCase.SetDictionary,
        });

        result.Errors.Should().BeEmpty();
        result.Warnings.Should().BeEmpty();
        expected.Should().NotBeEmpty();
        result.References().Should().Equal(expected);
        result.Charts.Should().OnlyContain(c => c.WithHelm && c.How.StartsWith("rendered with helm v", StringComparison.Ordinal));
    }

    [RequiresHelmFact]
    public async Task Images_are_attributed_to_the_template_that_rendered_them_helm_test_pods_and_hooks_included()
    {
        var chartCase = ChartCase.Named("with-tests");
        var result = await ImageDiscovery.DiscoverAsync(chartCase.Path, BuildFolder.Manifest(), new DiscoveryOptions { Helm = RealHelm.Required });

        result.Image("docker.io/library/busybox:1.36").Sources.Select(s => s.File).Should().BeEquivalentTo(
            "charts/db/templates/statefulset.yaml", "charts/db/templates/tests/test-connection.yaml");
        result.Image("docker.io/nicolaka/netshoot:v0.12").Sources.Should().ContainSingle()
            .Which.Origin.Should().Be("Helm chart db (helm template): Pod/db-debug spec.ephemeralContainers[0].image");
        result.Image("ghcr.io/acme/migrate:7").Sources.Single().File.Should().Be("charts/db/templates/migrate-job.yaml");
    }

    [RequiresHelmFact]
    public async Task A_missing_dependency_fails_naming_it_and_saying_to_vendor_it_without_reaching_the_network()
    {
        var result = await ImageDiscovery.DiscoverAsync(ChartCase.Root + "/missing-dependency", BuildFolder.Manifest(),
            new DiscoveryOptions { Helm = RealHelm.Required });

        result.Errors.Should().ContainSingle().Which.ToString().Should().Be(
            "charts/shop/Chart.yaml: Helm chart shop: dependencies declared in Chart.yaml are missing from charts/: redis; vendor them " +
            "(run `helm dependency build` on a connected machine, then build again)");
    }

    [RequiresHelmFact]
    public async Task A_template_that_does_not_parse_fails_naming_the_chart_with_helms_message()
    {
        using var dir = new BuildFolder()
            .Write("charts/web/Chart.yaml", "apiVersion: v2\nname: web\nversion: 1.0.0\n")
            .Write("charts/web/templates/pod.yaml", "apiVersion: v1\nkind: Pod\nmetadata: {name: x}\n{{ if .Values.a }\n");

        var result = await dir.DiscoverAsync(new DiscoveryOptions { Helm = RealHelm.Required });

        var error = result.Errors.Should().ContainSingle().Which.ToString();
        error.Should().StartWith("charts/web/Chart.yaml: Helm chart web: helm template failed: exit code 1: ");
        error.Should().Contain("web/templates/pod.yaml:4");
    }

    [RequiresHelmFact]
    public async Task A_values_file_that_is_not_yaml_fails_with_helms_message_naming_it()
    {
        using var elsewhere = new TempDir("values");
        File.WriteAllText(elsewhere.Combine("bad-values.yaml"), "image: [unclosed\n");
        using var dir = new BuildFolder()
            .Write("charts/web/Chart.yaml", "apiVersion: v2\nname: web\nversion: 1.0.0\n")
            .Write("charts/web/templates/pod.yaml", "apiVersion: v1\nkind: Pod\nmetadata: {name: x}\nspec: {containers: [{name: a, image: nginx}]}\n");

        var result = await dir.DiscoverAsync(new DiscoveryOptions { Helm = RealHelm.Required, ValuesFiles = [elsewhere.Combine("bad-values.yaml")] });

        result.Errors.Should().ContainSingle().Which.Message.Should().Contain("helm template failed").And.Contain("bad-values.yaml");
        result.Images.Should().BeEmpty();
    }

    [RequiresHelmFact]
    public async Task A_set_on_a_key_path_the_chart_does_not_have_renders_as_helm_does()
    {
        var chartCase = ChartCase.Named("appversion-tag");
        string[] sets = ["no.such.path=1", "image.tag=9.9.9"];
        var expected = await HelmOracle.ImagesAsync(chartCase.ChartDirs.Single(), [], sets);

        var result = await ImageDiscovery.DiscoverAsync(chartCase.Path, BuildFolder.Manifest(), new DiscoveryOptions
        {
            Helm = RealHelm.Required, Set = new Dictionary<string, string> { ["no.such.path"] = "1", ["image.tag"] = "9.9.9" },
        });

        result.Errors.Should().BeEmpty();
        result.References().Should().Equal(expected).And.Contain("ghcr.io/acme/api:9.9.9");
    }

    [Fact]
    public async Task A_helm_that_exits_non_zero_fails_the_chart_with_its_message()
    {
        using var tools = new TempDir("fake-helm");
        var helm = FakeHelm.Write(tools, "echo 'Error: the cluster is on fire' >&2; exit 3");
        using var dir = new BuildFolder().Write("charts/web/Chart.yaml", "apiVersion: v2\nname: web\nversion: 1.0.0\n");

        var result = await dir.DiscoverAsync(new DiscoveryOptions { Helm = helm });

        result.Errors.Should().ContainSingle().Which.ToString().Should().Be(
            "charts/web/Chart.yaml: Helm chart web: helm template failed: exit code 3: Error: the cluster is on fire");
    }

    [Fact]
    public async Task Helm_runs_offline_with_empty_homes_and_gets_the_release_namespace_kube_version_values_and_sets_in_order()
    {
        using var tools = new TempDir("fake-helm");
        var record = tools.Combine("record.txt");
        var helm = FakeHelm.Write(tools, $"{{ printf '%s\\n' \"$@\"; echo END-OF-ARGUMENTS; env | sort; }} > {record}; echo '---'; " +
                                         "echo '# Source: web/templates/p.yaml'; echo 'apiVersion: v1'; echo 'kind: Pod'; " +
                                         "echo 'spec: {containers: [{name: a, image: nginx:1.25}]}'");
        using var dir = new BuildFolder()
            .Write("charts/web/Chart.yaml", "apiVersion: v2\nname: web\nversion: 1.0.0\n")
            .Write("a.yaml", "x: 1\n").Write("b.yaml", "x: 2\n");

        var result = await dir.DiscoverAsync(new DiscoveryOptions
        {
            Helm = helm, ValuesFiles = [Path.Combine(dir.Path, "a.yaml"), Path.Combine(dir.Path, "b.yaml")],
            Set = new Dictionary<string, string> { ["z"] = "1", ["a"] = "2" },
        });

        result.Errors.Should().BeEmpty();
        result.Image("docker.io/library/nginx:1.25").Sources.Should().Equal(
            new ImageSource("charts/web/templates/p.yaml", 0, "Helm chart web (helm template): Pod spec.containers[0].image"));
        var lines = File.ReadAllLines(record);
        lines.TakeWhile(l => l != "END-OF-ARGUMENTS").Should().Equal(
            "template", "web", Path.Combine(dir.Path, "charts/web"), "--namespace", "default", "--kube-version", RuntimeKubernetes.Version,
            "--include-crds", "--values", Path.Combine(dir.Path, "a.yaml"), "--values", Path.Combine(dir.Path, "b.yaml"), "--set", "z=1", "--set", "a=2");
        lines.Should().NotContain(l => l.StartsWith("--dependency-update") || l == "dependency");
        lines.Should().Contain("HTTPS_PROXY=http://127.0.0.1:9").And.Contain("HTTP_PROXY=http://127.0.0.1:9");
        var repositoryConfig = lines.Single(l => l.StartsWith("HELM_REPOSITORY_CONFIG=", StringComparison.Ordinal));
        repositoryConfig.Should().Contain("gravity-helm-");
        Directory.Exists(Path.GetDirectoryName(repositoryConfig["HELM_REPOSITORY_CONFIG=".Length..])).Should().BeFalse("the empty homes are removed");
    }

    [Fact]
    public async Task An_unchanged_chart_with_unchanged_values_is_not_rendered_again_and_any_change_renders_it_again()
    {
        using var tools = new TempDir("fake-helm");
        var count = tools.Combine("renders");
        var helm = FakeHelm.Write(tools, $"echo x >> {count}; echo 'kind: Pod'; echo 'spec: {{containers: [{{name: a, image: nginx:1.25}}]}}'");
        using var dir = new BuildFolder()
            .Write("charts/web/Chart.yaml", "apiVersion: v2\nname: web\nversion: 1.0.0\n")
            .Write("charts/web/values.yaml", "a: 1\n")
            .Write("more.yaml", "b: 1\n");
        var options = new DiscoveryOptions { Helm = helm, HelmCacheDir = tools.Combine("cache"), ValuesFiles = [Path.Combine(dir.Path, "more.yaml")] };
        int Renders() => File.Exists(count) ? File.ReadAllLines(count).Length : 0;

        (await dir.DiscoverAsync(options)).References().Should().Equal("docker.io/library/nginx:1.25");
        var warm = await dir.DiscoverAsync(options);
        Renders().Should().Be(1);
        warm.References().Should().Equal("docker.io/library/nginx:1.25");
        warm.Charts.Single().How.Should().Contain("remembered");

        dir.Write("charts/web/values.yaml", "a: 2\n");
        await dir.DiscoverAsync(options);
        Renders().Should().Be(2, "a chart file changed");
        dir.Write("more.yaml", "b: 2\n");
        await dir.DiscoverAsync(options);
        Renders().Should().Be(3, "a values file changed");
        await dir.DiscoverAsync(options with { Set = new Dictionary<string, string> { ["c"] = "1" } });
        Renders().Should().Be(4, "the --set pairs changed");
        await dir.DiscoverAsync(options with { KubeVersion = "v1.30.0" });
        Renders().Should().Be(5, "the Kubernetes version changed");
    }

    [Fact]
    public async Task Charts_render_in_parallel()
    {
        using var tools = new TempDir("fake-helm");
        var marks = tools.Combine("marks");
        Directory.CreateDirectory(marks);
        // Each render waits (up to 20 s) until all three have started: sequential rendering would find none.
        var helm = FakeHelm.Write(tools, $"touch {marks}/$2; for i in $(seq 200); do [ $(ls {marks} | wc -l) -ge 3 ] && break; sleep 0.1; done; " +
                                         $"echo \"together=$(ls {marks} | wc -l)\" >&2; [ $(ls {marks} | wc -l) -ge 3 ] || exit 7; echo 'kind: Pod'");
        using var dir = new BuildFolder();
        foreach (var name in new[] { "a", "b", "c" }) dir.Write($"charts/{name}/Chart.yaml", $"apiVersion: v2\nname: {name}\nversion: 1.0.0\n");

        var result = await dir.DiscoverAsync(new DiscoveryOptions { Helm = helm });

        result.Errors.Should().BeEmpty();
        result.Charts.Select(c => c.Name).Should().Equal("a", "b", "c");
    }

    [Fact]
    public async Task An_explicit_helm_that_users_other_than_root_could_replace_is_refused_when_running_as_root()
    {
        using var tools = new TempDir("fake-helm");
        var helm = FakeHelm.Write(tools, "exit 0", name: "helm");
        File.SetUnixFileMode(helm.Path, File.GetUnixFileMode(helm.Path) | UnixFileMode.OtherWrite);

        var locate = () => HelmExecutable.LocateAsync(helm.Path, _ => null, CancellationToken.None);

        if (Environment.IsPrivilegedProcess)
            (await locate.Should().ThrowAsync<Gravity.Core.GravityException>()).Which.Message.Should().Contain("can be changed by users other than root");
        else
            (await locate()).Should().NotBeNull();
        (await HelmExecutable.LocateAsync(null, _ => tools.Path, CancellationToken.None)).Should().BeNull(
            Environment.IsPrivilegedProcess ? "a replaceable helm on PATH is passed over" : "there is no helm named helm on this PATH");
    }
}

using System.Text.Json;
using Gravity.Testing;

namespace Gravity.Packaging.Tests.Build;

/// <summary>
/// The scripts at the top of the example's cluster image, run as its README and the guide write them, with the real
/// gravity embedded: ./install refuses in /checks (the example needs Kubernetes, the runtime carries none) before it
/// writes anything, ./run_preflight_checks says the same, and ./upgrade hands its common flags to the upload it runs.
/// </summary>
public sealed class ExampleImageScriptsTests
{
    [Fact]
    public async Task Install_of_the_example_is_refused_before_anything_and_the_scripts_pass_the_common_flags_on()
    {
        using var dir = new TempDir("example-scripts");
        var example = await ExampleApplication.PrepareAsync(dir);
        var gravity = GuideShell.Executable(ProgramUnderTest.Gravity, dir.Combine("bin"), "gravity");
        var build = await ProgramUnderTest.Tele.RunAsync(["build", example.ManifestPath, "-o", dir.Combine("example-1.0.0.tar"), "--state-dir", dir.Combine("cache"),
            "--oci-layout", example.ImageLayout, "--gravity-binary", gravity, "-q"], dir.Path);
        build.ExitCode.Should().Be(0, build.Combined);
        var node = dir.Combine("node");
        Directory.CreateDirectory(node);
        File.Move(dir.Combine("example-1.0.0.tar"), Path.Combine(node, "example-1.0.0.tar"));
        var env = new Dictionary<string, string?> { ["DIR"] = dir.Combine("state"), ["NO_COLOR"] = "1", ["COLUMNS"] = "400" };

        var install = await GuideShell.RunAsync("tar xf example-1.0.0.tar && ./install --state-dir ${DIR}", node, env);

        install.ExitCode.Should().Be(1, install.Combined);
        install.StdErr.Should().Contain("/checks").And.Contain("needs Kubernetes").And.Contain("install hook(s) install").And.Contain("no Kubernetes API server")
            .And.Contain("Helm chart(s) charts/web").And.Contain("resources.yaml").And.NotContain("Chart.yaml", "a chart is named once, not by its files");
        Directory.Exists(dir.Combine("state")).Should().BeFalse("nothing may be written for an install that cannot finish");

        var checks = await GuideShell.RunAsync("./run_preflight_checks --state-dir ${DIR} --format json", node, env);
        checks.ExitCode.Should().Be(1, checks.Combined);
        using var report = JsonDocument.Parse(checks.StdOut);
        var kubernetes = report.RootElement.GetProperty("results").EnumerateArray().Single(r => r.GetProperty("name").GetString() == "kubernetes");
        kubernetes.GetProperty("status").GetString().Should().Be("failed");
        kubernetes.GetProperty("message").GetString().Should().Contain("example:1.0.0 needs Kubernetes").And.Contain("install hook(s) install");

        var table = await GuideShell.RunAsync("./run_preflight_checks --state-dir ${DIR}", node, env);
        table.StdOut.Should().Contain("kubernetes").And.NotContain("\u001b[", "output to a pipe carries no colour codes");
        table.StdOut.Split('\n').Should().Contain(l => l.Contains("kubernetes") && l.Contains("needs Kubernetes") && l.Contains("install hook(s) install"),
            "a table written to a pipe is COLUMNS wide, one line per check");

        var upgrade = await GuideShell.RunAsync("./upgrade --state-dir ${DIR}", node, env);
        upgrade.ExitCode.Should().NotBe(0);
        upgrade.StdErr.Should().Contain($"no cluster is installed in {dir.Combine("state")}", "upload works in the state folder ./upgrade was given");
    }
}

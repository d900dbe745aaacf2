using Gravity.Testing;

namespace Gravity.Cluster.Tests.Operations;

/// <summary>gravity's common flags (--debug, -q/--quiet, --insecure, --state-dir) anywhere on the line, typed as the guides write them.</summary>
[Collection(InstallCollection.Name)]
public sealed class GravityCommonFlagsTests
{
    [Fact]
    public async Task State_dir_and_insecure_work_before_and_after_the_subcommand()
    {
        using var f = await InstallFixture.CreateAsync();
        (await GravityCli.RunCheckedAsync(f.InstallArgs("--manual"))).Should().Contain("created the plan");
        var env = new Dictionary<string, string?> { ["DIR"] = f.StateDir, ["NO_COLOR"] = "1" };

        foreach (var line in new[] { "gravity --state-dir ${DIR} plan", "gravity --state-dir=${DIR} plan display", "gravity plan --state-dir ${DIR}",
                     "gravity --insecure -q plan display --state-dir ${DIR}", "gravity --debug plan --insecure --state-dir ${DIR}" })
        {
            var plan = await GuideShell.RunAsync(line, f.Root, env);
            plan.ExitCode.Should().Be(0, $"{line}:\n{plan.Combined}");
            plan.StdOut.Should().Contain("/checks").And.Contain("Unstarted", line);
        }

        var status = await GuideShell.RunAsync("gravity --insecure --state-dir ${DIR} status", f.Root, env);
        status.ExitCode.Should().Be(0, status.Combined);
        status.StdOut.Should().Contain("test-cluster");
        var elsewhere = await GuideShell.RunAsync("gravity --insecure status --state-dir ${DIR}-other", f.Root, env);
        elsewhere.ExitCode.Should().Be(1);
        elsewhere.StdErr.Should().Contain($"no install recorded in {f.StateDir}-other");
    }

    [Fact]
    public async Task Plan_help_lists_the_common_flags_as_the_guide_shows()
    {
        using var dir = new TempDir();

        var help = await GuideShell.RunAsync("gravity plan --help", dir.Path);

        help.ExitCode.Should().Be(0, help.Combined);
        help.StdOut.Should().Contain("--debug").And.Contain("-q, --quiet").And.Contain("--insecure").And.Contain("--state-dir");
    }
}

using Gravity.Testing;

namespace Gravity.Cluster.Tests.Operations.Shrink;

/// <summary>--drain-timeout of leave and remove: a duration as Gravity's flags take them, anything else refused naming the flag.</summary>
public sealed class DrainTimeoutFlagTests
{
    [Fact]
    public async Task A_drain_timeout_that_is_not_a_duration_is_refused_before_anything_runs_and_a_valid_one_is_taken()
    {
        using var dir = new TempDir("drain-timeout");

        var bad = await GravityCli.RunAsync("remove", "node-2", "--drain-timeout", "5x", "--state-dir", dir.Path);
        var huge = await GravityCli.RunAsync("leave", "--drain-timeout", "48h", "--state-dir", dir.Path);
        var good = await GravityCli.RunAsync("remove", "node-2", "--drain-timeout", "1h30m", "--state-dir", dir.Path);
        var help = await GravityCli.RunCheckedAsync("leave", "--help");

        bad.ExitCode.Should().NotBe(0);
        bad.Combined.Should().Contain("--drain-timeout: \"5x\" is not a duration between 1s and 24h");
        huge.ExitCode.Should().NotBe(0);
        huge.Combined.Should().Contain("--drain-timeout: \"48h\" is not a duration");
        good.ExitCode.Should().NotBe(0, "there is no node here");
        good.Combined.Should().NotContain("--drain-timeout", "the flag was taken: what fails is the missing node");
        help.Should().Contain("--drain-timeout");
    }
}

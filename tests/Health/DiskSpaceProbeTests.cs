using Gravity.Health.Probes;
using Gravity.Testing;

namespace Gravity.Health.Tests;

public class DiskSpaceProbeTests
{
    [Theory]
    [InlineData(50, ProbeSeverity.Ok)]
    [InlineData(85, ProbeSeverity.Warning)]
    [InlineData(95, ProbeSeverity.Critical)]
    public async Task Thresholds_give_warning_from_80_and_critical_from_90_percent(int usedPercent, ProbeSeverity expected)
    {
        var probe = new DiskSpaceProbe("/var/lib/gravity", measure: _ => (1000, 1000 - usedPercent * 10));
        var outcome = await probe.CheckAsync(default);
        outcome.Severity.Should().Be(expected);
        if (expected != ProbeSeverity.Ok) outcome.Error.Should().Contain($"{usedPercent}% used").And.Contain("/var/lib/gravity");
    }

    [Fact]
    public async Task Measures_the_real_file_system_of_a_folder()
    {
        using var dir = new TempDir();
        var drive = new DriveInfo(dir.Path);
        var usedRatio = 1.0 - (double)drive.AvailableFreeSpace / drive.TotalSize;
        var outcome = await new DiskSpaceProbe(dir.Path, warningRatio: usedRatio + 0.05, criticalRatio: usedRatio + 0.06).CheckAsync(default);
        outcome.Severity.Should().Be(ProbeSeverity.Ok);
        var alarmed = await new DiskSpaceProbe(dir.Path, warningRatio: 0, criticalRatio: Math.Max(0, usedRatio - 0.01)).CheckAsync(default);
        alarmed.Severity.Should().Be(ProbeSeverity.Critical);
    }
}

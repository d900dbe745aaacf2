using Gravity.Manifest;

namespace Gravity.Preflight.Tests;

public class ResourceCheckTests : PreflightTestBase
{
    [Fact]
    public async Task Cpu_within_range_passes()
        => (await RunSingleAsync(new Requirements { Cpu = new CpuRequirement { Min = 1 } })).Status.Should().Be(CheckStatus.Passed);

    [Fact]
    public async Task Cpu_below_minimum_fails_with_the_counts()
    {
        var r = await RunSingleAsync(new Requirements { Cpu = new CpuRequirement { Min = 10_000 } });
        r.Status.Should().Be(CheckStatus.Failed);
        r.Message.Should().Be($"{Environment.ProcessorCount} CPU cores available, profile db needs at least 10000");
    }

    [Fact]
    public async Task Cpu_above_maximum_fails()
    {
        var cores = Environment.ProcessorCount;
        if (cores < 2) return; // a single core cannot exceed any valid maximum (max >= min >= 1)
        var r = await RunSingleAsync(new Requirements { Cpu = new CpuRequirement { Min = 1, Max = cores - 1 } });
        r.Status.Should().Be(CheckStatus.Failed);
        r.Message.Should().Contain($"allows at most {cores - 1}");
    }

    [Fact]
    public async Task Ram_within_range_passes()
        => (await RunSingleAsync(new Requirements { Ram = new RamRequirement { Min = 1_000_000 } })).Status.Should().Be(CheckStatus.Passed);

    [Fact]
    public async Task Ram_below_minimum_fails_naming_available_and_required()
    {
        var r = await RunSingleAsync(new Requirements { Ram = new RamRequirement { Min = 100_000_000_000_000 } });
        r.Status.Should().Be(CheckStatus.Failed);
        r.Message.Should().MatchRegex(@"^[0-9.]+ (GiB|MiB|TiB) available, profile db needs at least 100 TB$");
    }

    [Fact]
    public async Task Ram_above_maximum_fails()
    {
        var r = await RunSingleAsync(new Requirements { Ram = new RamRequirement { Min = 1, Max = 1_000_000 } });
        r.Status.Should().Be(CheckStatus.Failed);
        r.Message.Should().Contain("allows at most 1 MB");
    }

    [Fact]
    public async Task A_skipped_check_is_recorded_as_skipped()
    {
        var options = Options with { Skip = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "ram" } };
        var report = await PreflightRunner.RunAsync(Profile(new Requirements
        {
            Cpu = new CpuRequirement { Min = 1 }, Ram = new RamRequirement { Min = 100_000_000_000_000 },
        }), options);
        report.Succeeded.Should().BeTrue();
        report.Results.Should().Contain(r => r.Name == "ram" && r.Status == CheckStatus.Skipped && r.Message.Contains("--skip ram"));
        report.Results.Should().Contain(r => r.Name == "cpu" && r.Status == CheckStatus.Passed);
    }
}

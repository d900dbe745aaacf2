using System.Text.Json;
using Gravity.Core.Processes;
using Gravity.Testing;

namespace Gravity.Packaging.Tests.Build;

/// <summary>
/// The README's main job through the tele program users get (the published, trimmed binary under scripts/test.sh):
/// build the bundled example from its locally built images, inspect it, verify it; then an unchanged rebuild.
/// </summary>
public sealed class TeleProgramTests
{
    [Fact]
    public async Task Tele_builds_inspects_and_verifies_the_example_and_an_unchanged_rebuild_gives_the_same_bytes()
    {
        using var dir = new TempDir("tele-program");
        var example = await ExampleApplication.PrepareAsync(dir);
        var environment = new Dictionary<string, string?> { ["SOURCE_DATE_EPOCH"] = "1700000000", ["NO_COLOR"] = "1" };

        Task<ProcessResult> BuildAsync(string output) => ProgramUnderTest.Tele.RunAsync(["build", example.ManifestPath,
            "-o", output, "--state-dir", dir.Combine("state"), "--oci-layout", example.ImageLayout, "--gravity-binary", example.GravityBinary, "-q"], dir.Path, environment);

        var build = await BuildAsync(dir.Combine("first.tar"));
        build.ExitCode.Should().Be(0, build.Combined);

        var inspect = await ProgramUnderTest.Tele.RunAsync(["inspect", dir.Combine("first.tar"), "--format", "json"], dir.Path, environment);
        inspect.ExitCode.Should().Be(0, inspect.Combined);
        using var report = JsonDocument.Parse(inspect.StdOut);
        report.RootElement.GetProperty("name").GetString().Should().Be("example");
        report.RootElement.GetProperty("images").GetArrayLength().Should().Be(3);

        var verify = await ProgramUnderTest.Tele.RunAsync(["verify", dir.Combine("first.tar")], dir.Path, environment);
        verify.ExitCode.Should().Be(0, verify.Combined);

        var again = await BuildAsync(dir.Combine("second.tar"));
        again.ExitCode.Should().Be(0, again.Combined);
        (await File.ReadAllBytesAsync(dir.Combine("second.tar"))).Should().Equal(await File.ReadAllBytesAsync(dir.Combine("first.tar")));
    }
}

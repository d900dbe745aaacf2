using Gravity.Testing;

namespace Gravity.Packaging.Tests.Build;

/// <summary>The guide's "Building with Docker" script: `tele ${TELE_FLAGS} build app.yaml` with TELE_FLAGS="--state-dir=DIR".</summary>
public sealed class TeleStateDirFlagTests
{
    [Fact]
    public async Task State_dir_given_before_build_is_the_cache_the_build_uses()
    {
        using var dir = new TempDir("tele-flags");
        var example = await ExampleApplication.PrepareAsync(dir);
        var app = dir.Combine("app");
        CopyFolder(Path.GetDirectoryName(example.ManifestPath)!, app);
        var env = new Dictionary<string, string?>
        {
            ["TELE_FLAGS"] = $"--state-dir={dir.Combine("tele-cache")}",
            // Not part of the guide's line: the example's images come from a local layout, and gravity is a stand-in.
            ["LOCAL"] = $"--oci-layout {example.ImageLayout} --gravity-binary {example.GravityBinary}",
            ["XDG_CACHE_HOME"] = dir.Combine("default-cache"), ["SOURCE_DATE_EPOCH"] = "1700000000", ["NO_COLOR"] = "1",
        };

        var build = await GuideShell.RunAsync("tele ${TELE_FLAGS} build app.yaml ${LOCAL} -q", app, env);

        build.ExitCode.Should().Be(0, build.Combined);
        File.Exists(Path.Combine(app, "example-1.0.0.tar")).Should().BeTrue();
        Directory.EnumerateFiles(dir.Combine("tele-cache"), "*", SearchOption.AllDirectories).Should().NotBeEmpty("the cache is where --state-dir says");
        Directory.Exists(dir.Combine("default-cache")).Should().BeFalse("the default cache is not touched when --state-dir is given");
    }

    private static void CopyFolder(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}

using System.Runtime.CompilerServices;
using Gravity.Core.Processes;
using Gravity.Packaging.Build;
using Gravity.Packaging.ClusterImage;
using Gravity.Testing;

namespace Gravity.Packaging.Tests.Build;

/// <summary>The bundled example (examples/ + scripts/build-example-images.sh) builds offline into a valid cluster image.</summary>
public sealed class ExampleApplicationTests
{
    [Fact]
    public async Task The_example_builds_offline_from_its_locally_built_images()
    {
        var repo = RepositoryRoot();
        using var dir = new TempDir("gravity-example");
        var layout = dir.Combine("images");
        var script = await ProcessRunner.RunAsync(Path.Combine(repo, "scripts", "build-example-images.sh"), [layout], timeout: TimeSpan.FromMinutes(2));
        script.ExitCode.Should().Be(0, script.Combined);
        var gravity = dir.Combine("gravity");
        await File.WriteAllTextAsync(gravity, "#!/bin/sh\n");

        var output = dir.Combine("example-1.0.0.tar");
        var result = await ClusterImageBuilder.BuildAsync(new BuildRequest
        {
            ManifestPath = Path.Combine(repo, "examples", "app.yaml"), OutputPath = output, StateDir = dir.Combine("state"),
            OciLayouts = [layout], GravityBinary = gravity,
        });

        result.Head!.Images.Select(i => i.Reference).Should().BeEquivalentTo(
            "docker.io/example/api:1.0.0", "docker.io/example/hooks:1.0.0", "docker.io/example/web:1.0.0");
        result.Head.UniqueBytes.Should().BeLessThan(result.Head.TotalBytes, "the images share their base layer");
        result.Head.Resources.Should().Contain(["resources.yaml", "charts/web/Chart.yaml", "charts/web/values.yaml", "hooks/install.yaml"]);
        (await ClusterImageVerifier.VerifyAsync(output)).Problems.Should().BeEmpty();
    }

    private static string RepositoryRoot([CallerFilePath] string thisFile = "")
        => Path.GetFullPath(Path.Combine(Path.GetDirectoryName(thisFile)!, "..", "..", ".."));
}

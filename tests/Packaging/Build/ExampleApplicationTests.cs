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
        using var dir = new TempDir("gravity-example");
        var example = await ExampleApplication.PrepareAsync(dir);

        var output = dir.Combine("example-1.0.0.tar");
        var result = await ClusterImageBuilder.BuildAsync(new BuildRequest
        {
            ManifestPath = example.ManifestPath, OutputPath = output, StateDir = dir.Combine("state"),
            OciLayouts = [example.ImageLayout], GravityBinary = example.GravityBinary,
        });

        result.Head!.Images.Select(i => i.Reference).Should().BeEquivalentTo(
            "docker.io/example/api:1.0.0", "docker.io/example/hooks:1.0.0", "docker.io/example/web:1.0.0");
        result.Head.UniqueBytes.Should().BeLessThan(result.Head.TotalBytes, "the images share their base layer");
        result.Head.Resources.Should().Contain(["resources.yaml", "charts/web/Chart.yaml", "charts/web/values.yaml", "hooks/install.yaml"]);
        (await ClusterImageVerifier.VerifyAsync(output)).Problems.Should().BeEmpty();
    }
}

using Gravity.Core;
using Gravity.Oci;
using Gravity.Oci.Model;
using Gravity.Packaging.Build;
using Gravity.Packaging.ClusterImage;
using Gravity.Testing;

namespace Gravity.Packaging.Tests.Build;

/// <summary>Builds from a real docker-registry (TLS with a test CA and basic auth) and copies images back out with skopeo.</summary>
public sealed class RegistryBuildTests
{
    [Fact]
    public async Task Builds_from_a_tls_registry_with_basic_auth_and_skopeo_copies_the_images_back_with_the_same_digests()
    {
        using var f = await BuildFixture.CreateAsync();
        await using var source = await RegistryProcess.StartAsync(new RegistryProcessOptions { Tls = true, BasicAuthUser = "builder", BasicAuthPassword = "s3cret" });
        var multi = await TestImages.CreateIndexAsync(f.SourceStore, new TestImageSpec { Seed = 5, LayerSizes = [4096] });
        var docker = await TestImages.CreateImageAsync(f.SourceStore, new TestImageSpec { Seed = 6, LayerSizes = [4096], DockerSchema2 = true });
        await TestImageExport.PushAsync(f.SourceStore, f.Web.Manifest, source, "example/web:1.0.0");
        await TestImageExport.PushAsync(f.SourceStore, multi.Index, source, "example/multi:2.0");
        await TestImageExport.PushAsync(f.SourceStore, docker.Manifest, source, "example/docker:3.0");
        await File.WriteAllTextAsync(Path.Combine(f.AppDir, "resources.yaml"), $"""
            apiVersion: v1
            kind: Pod
            metadata: {"{"}name: web{"}"}
            spec:
              containers:
                - name: web
                  image: {source.HostPort}/example/web:1.0.0
                - name: multi
                  image: {source.HostPort}/example/multi:2.0
              initContainers:
                - name: init
                  image: {source.HostPort}/example/docker:3.0
            """);
        await File.WriteAllTextAsync(Path.Combine(f.AppDir, "install-hook.yaml"), BuildFixture.HookJob.Replace("example/hooks:1.0.0", $"{source.HostPort}/example/web:1.0.0"));

        var result = await ClusterImageBuilder.BuildAsync(f.Request(r => r with { OciLayouts = [], Registry = source.ClientOptions() }));

        var head = result.Head!;
        head.Images.Should().HaveCount(3);
        var multiImage = head.Images.Single(i => i.Reference.Contains("multi"));
        multiImage.Platforms.Should().Equal("linux/amd64");
        multiImage.Digest.Should().NotBe(multi.Index.Digest, "the arm64 manifest is left out, so the index is a new one");
        var dockerImage = head.Images.Single(i => i.Reference.Contains("docker"));
        dockerImage.MediaType.Should().Be(MediaTypes.OciManifest, "Docker schema 2 is stored with OCI media types");
        dockerImage.SourceDigest.Should().Be(docker.Manifest.Digest);
        head.Images.Single(i => i.Reference.Contains("web")).Digest.Should().Be(f.Web.Manifest.Digest);
        (await ClusterImageVerifier.VerifyAsync(result.OutputPath!)).Problems.Should().BeEmpty();

        // Every image comes out of the untarred packages/ layout, valid for skopeo, with the digest recorded in the head.
        var untarred = f.Dir.Combine("untarred");
        var tar = await Gravity.Core.Processes.ProcessRunner.RunAsync("tar", ["-xf", result.OutputPath!, "-C", (Directory.CreateDirectory(untarred).FullName)]);
        tar.ExitCode.Should().Be(0, tar.StdErr);
        await using var target = await RegistryProcess.StartAsync();
        foreach (var image in head.Images)
        {
            var repo = ImageReference.Parse(image.Rewritten).Repository + ":copied";
            await Skopeo.CopyAsync($"oci:{untarred}/packages:{image.Rewritten}", Skopeo.Docker(target, repo), destinationRegistry: target);
            var inspected = await Skopeo.InspectRawAsync(Skopeo.Docker(target, repo), target);
            Digest.Compute(System.Text.Encoding.UTF8.GetBytes(inspected)).Should().Be(image.Digest, image.Reference);
        }
    }

    [Fact]
    public async Task An_unreachable_registry_fails_the_build_naming_the_image_and_leaves_nothing()
    {
        using var f = await BuildFixture.CreateAsync();
        var port = FreePort.Next();
        await File.WriteAllTextAsync(Path.Combine(f.AppDir, "install-hook.yaml"), BuildFixture.HookJob.Replace("example/hooks:1.0.0", $"127.0.0.1:{port}/example/gone:1.0"));
        var act = async () => await ClusterImageBuilder.BuildAsync(f.Request(r => r with
        {
            Registry = new Gravity.Oci.Registry.RegistryClientOptions { Insecure = true, MaxRetries = 0, RetryBaseDelay = TimeSpan.FromMilliseconds(10) },
        }));
        (await act.Should().ThrowAsync<GravityException>()).WithMessage($"*127.0.0.1:{port}/example/gone:1.0*");
        Directory.GetFileSystemEntries(Path.GetDirectoryName(f.Output)!).Should().BeEmpty();
    }
}

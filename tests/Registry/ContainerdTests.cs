using Gravity.Oci.Content;
using Gravity.Testing;

namespace Gravity.Registry.Tests;

/// <summary>containerd's ctr pulling (and unpacking) an image from the registry server.</summary>
public sealed class ContainerdTests
{
    [Fact]
    public async Task Ctr_pulls_an_image_pushed_with_skopeo()
    {
        if (ContainerdProcess.Unavailable() is { } reason) throw new InvalidOperationException($"cannot run this test: {reason}");
        using var dir = new TempDir("ctr");
        var store = new ContentStore(dir.Combine("store"));
        await using var server = await RegistryTestServer.StartAsync();
        var image = await TestImages.CreateImageAsync(store, new TestImageSpec { Seed = 21, LayerSizes = [500_000, 10_000] });
        await Gravity.Oci.Layout.OciLayout.WriteAsync(dir.Combine("layout"), store, [("image", image.Manifest)]);
        await Gravity.Core.Processes.ProcessRunner.RunCheckedAsync("skopeo", ["--insecure-policy", "copy", "--dest-tls-verify=false",
            $"oci:{dir.Combine("layout")}:image", $"docker://{server.HostPort}/ctr/app:v1"], timeout: TimeSpan.FromMinutes(2));

        await using var containerd = await ContainerdProcess.StartAsync();
        var reference = $"{server.HostPort}/ctr/app:v1";
        var pull = await containerd.CtrAsync("images", "pull", "--plain-http", reference);
        pull.Succeeded.Should().BeTrue(pull.Combined);
        pull.StdOut.Should().Contain("unpacking linux/amd64");

        var list = await containerd.CtrAsync("images", "ls");
        list.StdOut.Should().Contain(reference).And.Contain(image.Manifest.Digest.ToString());
        var check = await containerd.CtrAsync("images", "check");
        check.StdOut.Should().Contain("complete");
    }
}

using Gravity.Testing;

namespace Gravity.Cluster.Tests.Operations;

/// <summary>`gravity upload` pushes the image's container images into a registry (here a real docker-registry).</summary>
[Collection(InstallCollection.Name)]
public sealed class UploadTests
{
    [Fact]
    public async Task Upload_pushes_every_image_and_a_second_upload_changes_nothing()
    {
        using var f = await InstallFixture.CreateAsync();
        await using var registry = await RegistryProcess.StartAsync(new RegistryProcessOptions());

        var output = await GravityCli.RunCheckedAsync("upload", "--from", f.ImageDir, "--state-dir", f.StateDir, "--registry", registry.HostPort);
        output.Should().Contain("uploaded 2 image(s)");
        await GravityCli.RunCheckedAsync("upload", "--from", f.ImageDir, "--state-dir", f.StateDir, "--registry", registry.HostPort);

        var list = await GravityCli.RunCheckedAsync("registry", "list", "--registry", registry.HostPort, "--state-dir", f.StateDir);
        list.Should().Contain("testapp/web:1.0").And.Contain("testapp/worker:2.0");
        var skopeo = await Gravity.Core.Processes.ProcessRunner.RunAsync("skopeo", ["inspect", "--tls-verify=false", $"docker://{registry.HostPort}/testapp/web:1.0"]);
        skopeo.ExitCode.Should().Be(0, skopeo.Combined);
    }
}

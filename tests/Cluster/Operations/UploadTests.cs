using Gravity.Cluster.Operations;
using Gravity.Core;
using Gravity.Core.Processes;
using Gravity.Oci.Registry;
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

    [Fact]
    public async Task Export_into_the_local_cluster_registry_keeps_digests_ownership_and_is_idempotent()
    {
        using var f = await InstallFixture.CreateAsync(version: new TestClusterImageVersion(GravityBinary: "#!/bin/sh\n"));
        f.ServiceId = InstallFixture.UnusedId;
        try
        {
            (await GravityCli.RunCheckedAsync(f.InstallArgs())).Should().Contain("/export: importing").And.Contain("completed");
            var registryDir = Path.Combine(f.StateDir, "registry");
            var image = await UnpackedClusterImage.OpenAsync(f.ImageDir);

            foreach (var headImage in image.Head.Images)
            {
                var reference = ImageExporter.TargetOf(headImage.Rewritten, f.RegistryAddress);
                var inspect = await ProcessRunner.RunCheckedAsync("skopeo", ["inspect", "--tls-verify=false", "--format", "{{.Digest}}", $"docker://{reference}"]);
                inspect.StdOut.Trim().Should().Be(headImage.Digest.ToString(), "the import stores the same manifest bytes a push would");
            }
            var notServiceUsers = await ProcessRunner.RunCheckedAsync("find", [registryDir, "!", "-uid", InstallFixture.UnusedId.ToString(), "-print"]);
            notServiceUsers.StdOut.Trim().Should().BeEmpty("every file of the registry belongs to the service user");

            var before = Snapshot(registryDir);
            (await GravityCli.RunCheckedAsync("upload", "--from", f.ImageDir, "--state-dir", f.StateDir)).Should().Contain("Application has been uploaded");
            Snapshot(registryDir).Should().Equal(before, "a second export changes nothing");

            // The registry runs as the service user: it can still write into the repositories the import created.
            var certs = Gravity.Cluster.Tests.Certificates.NodeClientCertDir.Create(f.StateDir, Path.Combine(f.Root, "client-certs"));
            var copy = await ProcessRunner.RunAsync("skopeo", ["copy", "--src-cert-dir", certs, "--dest-cert-dir", certs,
                $"docker://{f.RegistryAddress}/testapp/web:1.0", $"docker://{f.RegistryAddress}/testapp/web:copy"], timeout: TimeSpan.FromSeconds(60));
            copy.ExitCode.Should().Be(0, copy.Combined);
            var pull = await ProcessRunner.RunAsync("ctr", ["--address", Path.Combine(f.StateDir, "containerd", "containerd.sock"),
                "images", "pull", "--hosts-dir", Path.Combine(f.StateDir, "containerd", "certs.d"), $"{f.RegistryAddress}/testapp/worker:2.0"], timeout: TimeSpan.FromSeconds(60));
            pull.ExitCode.Should().Be(0, pull.Combined);

            // A damaged blob (not yet in the registry) fails the import, naming it; the check is made while copying.
            var layer = image.Head.Images[0];
            var graph = Gravity.Oci.Model.ImageGraph.Walk(image.OpenContent(), new Gravity.Oci.Model.Descriptor { MediaType = layer.MediaType, Digest = layer.Digest, Size = layer.Size });
            var blob = graph.Where(d => !Gravity.Oci.MediaTypes.IsManifestOrIndex(d.MediaType)).OrderByDescending(d => d.Size).First();
            File.Delete(Path.Combine(registryDir, "content", "blobs", "sha256", blob.Digest.Hex));
            await using (var s = File.OpenWrite(Path.Combine(f.ImageDir, "packages", "blobs", "sha256", blob.Digest.Hex))) { s.Seek(100, SeekOrigin.Begin); s.WriteByte(0x42); s.WriteByte(0x43); }
            using var client = new RegistryClient(new RegistryClientOptions { Insecure = true });
            var act = () => new LocalRegistryImporter(registryDir, InstallFixture.UnusedId, InstallFixture.UnusedId).ImportAsync(image, client, f.RegistryAddress);
            (await act.Should().ThrowAsync<GravityException>()).Which.Message.Should().Contain("damaged cluster image").And.Contain($"packages/blobs/sha256/{blob.Digest.Hex}");
            File.Exists(Path.Combine(registryDir, "content", "blobs", "sha256", blob.Digest.Hex)).Should().BeFalse("nothing half-written enters the store");
        }
        finally
        {
            await GravityCli.RunAsync("leave", "--force", "--state-dir", f.StateDir);
        }
    }

    private static List<string> Snapshot(string dir) => Directory.EnumerateFileSystemEntries(dir, "*", SearchOption.AllDirectories)
        .Where(p => !p.Contains($"{Path.DirectorySeparatorChar}uploads{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
        .Select(p => $"{p} {File.GetLastWriteTimeUtc(p):O}").Order(StringComparer.Ordinal).ToList();
}

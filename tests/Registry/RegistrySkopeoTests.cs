using Gravity.Core.Processes;
using Gravity.Oci;
using Gravity.Oci.Content;
using Gravity.Oci.Layout;
using Gravity.Oci.Model;
using Gravity.Testing;

namespace Gravity.Registry.Tests;

/// <summary>skopeo (an independent OCI client) pushing to and pulling from the registry server.</summary>
public sealed class RegistrySkopeoTests
{
    private static async Task SkopeoAsync(params string[] args)
        => await ProcessRunner.RunCheckedAsync("skopeo", ["--insecure-policy", .. args], timeout: TimeSpan.FromMinutes(2));

    private static string[] Flags(string side, RegistryTestServer server, string? certDir)
        => certDir is null ? [$"--{side}-tls-verify=false", $"--{side}-no-creds"] : [$"--{side}-cert-dir={certDir}", $"--{side}-no-creds"];

    /// <summary>Pushes <paramref name="root"/> from a store with skopeo, copies it back out, and checks digests and every blob.</summary>
    private static async Task RoundTripAsync(RegistryTestServer server, ContentStore store, Descriptor root, string repoTag, string? certDir = null)
    {
        using var work = new TempDir("skopeo");
        string source;
        if (root.MediaType is MediaTypes.OciManifest or MediaTypes.OciIndex)
        {
            await OciLayout.WriteAsync(work.Combine("in"), store, [("image", root)]);
            source = $"oci:{work.Combine("in")}:image";
        }
        else
        {
            await TestImageExport.WriteSkopeoDirAsync(store, root, work.Combine("in"));
            source = $"dir:{work.Combine("in")}";
        }
        var target = $"docker://{server.HostPort}/{repoTag}";
        await SkopeoAsync(["copy", "--all", "--preserve-digests", .. Flags("dest", server, certDir), source, target]);

        var raw = (await ProcessRunner.RunCheckedAsync("skopeo", ["--insecure-policy", "inspect", "--raw", .. Flags("src", server, certDir)
            .Select(f => f.Replace("--src-", "--")), target], timeout: TimeSpan.FromMinutes(1))).StdOut;
        Digest.Compute(System.Text.Encoding.UTF8.GetBytes(raw)).Should().Be(root.Digest);

        var outDir = work.Combine("out");
        if (root.MediaType is MediaTypes.OciManifest or MediaTypes.OciIndex)
        {
            await SkopeoAsync(["copy", "--all", "--preserve-digests", .. Flags("src", server, certDir), target, $"oci:{outDir}:image"]);
            var index = await OciLayout.ReadIndexAsync(outDir);
            index.Manifests.Should().ContainSingle().Which.Digest.Should().Be(root.Digest);
            var pulled = new ContentStore(work.Combine("pulled"));
            await OciLayout.ImportAsync(outDir, pulled);
            foreach (var d in ImageGraph.Walk(store, root))
                (await pulled.ReadAllBytesAsync(d.Digest)).Length.Should().Be((int)d.Size, $"{d.Digest} comes back intact");
        }
        else
        {
            // skopeo's OCI layout cannot hold Docker lists unchanged; its dir: transport can.
            await SkopeoAsync(["copy", "--all", "--preserve-digests", .. Flags("src", server, certDir), target, $"dir:{outDir}"]);
            Digest.Compute(await File.ReadAllBytesAsync(Path.Combine(outDir, "manifest.json"))).Should().Be(root.Digest);
            foreach (var d in ImageGraph.Walk(store, root).Where(d => d.Digest != root.Digest))
            {
                var name = MediaTypes.IsManifestOrIndex(d.MediaType) ? $"{d.Digest.Hex}.manifest.json" : d.Digest.Hex;
                Digest.Compute(await File.ReadAllBytesAsync(Path.Combine(outDir, name))).Should().Be(d.Digest);
            }
        }
    }

    [Fact]
    public async Task Skopeo_copies_OCI_and_Docker_images_and_indexes_in_and_out()
    {
        using var dir = new TempDir("images");
        var store = new ContentStore(dir.Combine("store"));
        await using var server = await RegistryTestServer.StartAsync();

        var oci = await TestImages.CreateImageAsync(store, new TestImageSpec { Seed = 1, LayerSizes = [1_500_000, 20_000] });
        await RoundTripAsync(server, store, oci.Manifest, "apps/oci:v1");

        var docker = await TestImages.CreateImageAsync(store, new TestImageSpec { Seed = 2, LayerSizes = [300_000], DockerSchema2 = true });
        await RoundTripAsync(server, store, docker.Manifest, "apps/docker:v1");

        var index = await TestImages.CreateIndexAsync(store, new TestImageSpec { Seed = 3, LayerSizes = [100_000] });
        await RoundTripAsync(server, store, index.Index, "apps/multi:v1");

        var list = await TestImages.CreateIndexAsync(store, new TestImageSpec { Seed = 4, LayerSizes = [100_000], DockerSchema2 = true });
        await RoundTripAsync(server, store, list.Index, "apps/list:v1");
    }

    [Fact]
    public async Task Skopeo_pushes_and_pulls_over_TLS_with_the_self_signed_certificate()
    {
        using var dir = new TempDir("images");
        var store = new ContentStore(dir.Combine("store"));
        await using var server = await RegistryTestServer.StartAsync(selfSigned: true);
        var certDir = dir.Combine("certs");
        Directory.CreateDirectory(certDir);
        File.Copy(Path.Combine(server.DataDir, "tls", "self-signed.crt"), Path.Combine(certDir, "ca.crt"));

        var image = await TestImages.CreateImageAsync(store, new TestImageSpec { Seed = 5, LayerSizes = [200_000] });
        await RoundTripAsync(server, store, image.Manifest, "tls/app:v1", certDir);

        // Verification is real: without the certificate skopeo refuses the server.
        var refused = await ProcessRunner.RunAsync("skopeo", ["--insecure-policy", "inspect", "--raw", "--no-creds",
            $"docker://{server.HostPort}/tls/app:v1"], timeout: TimeSpan.FromMinutes(1));
        refused.Succeeded.Should().BeFalse();
        refused.StdErr.Should().Contain("certificate");
    }
}

using Gravity.Core.Processes;
using Gravity.Hub.Accounts;
using Gravity.Hub.Client;
using Gravity.Hub.Tests.Catalog;
using Gravity.Oci;
using Gravity.Oci.Content;
using Gravity.Testing;

namespace Gravity.Hub.Tests.Accounts;

/// <summary>skopeo (an independent OCI client) logging in with user + API key through Docker's token flow.</summary>
public class SkopeoTests
{
    [Fact]
    public async Task Skopeo_pushes_and_pulls_with_api_keys_and_a_reader_cannot_push()
    {
        await using var hub = await HubServer.StartAsync();
        await hub.AddUserAsync("pub", Roles.Publisher);
        await hub.AddUserAsync("rdr", Roles.Reader);
        var pubKey = await hub.CreateKeyAsync("pub");
        var rdrKey = await hub.CreateKeyAsync("rdr");
        using var dir = new TempDir();
        var store = new ContentStore(dir.Combine("store"));
        var image = await TestImages.CreateImageAsync(store, new TestImageSpec { Seed = 5, LayerSizes = [100_000, 20_000] });
        await TestImageExport.WriteOciLayoutAsync(store, dir.Combine("layout"), [("v1", image.Manifest)]);
        var target = $"docker://{hub.HostPort}/team/web:v1";

        var push = await SkopeoAsync("copy", "--preserve-digests", "--dest-tls-verify=false", $"--dest-creds=pub:{pubKey}", $"oci:{dir.Combine("layout")}:v1", target);
        push.ExitCode.Should().Be(0, push.Combined);

        var pull = await SkopeoAsync("copy", "--src-tls-verify=false", $"--src-creds=rdr:{rdrKey}", target, $"oci:{dir.Combine("out")}:v1");
        pull.ExitCode.Should().Be(0, pull.Combined);
        var index = await Gravity.Oci.Layout.OciLayout.ReadIndexAsync(dir.Combine("out"));
        index.Manifests.Single().Digest.Should().Be(image.Manifest.Digest);

        var denied = await SkopeoAsync("copy", "--dest-tls-verify=false", $"--dest-creds=rdr:{rdrKey}", $"oci:{dir.Combine("layout")}:v1", $"docker://{hub.HostPort}/team/web:v2");
        denied.ExitCode.Should().NotBe(0);
        denied.Combined.Should().MatchRegex("(?i)denied|unauthorized|forbidden");

        var anonymous = await SkopeoAsync("inspect", "--raw", "--tls-verify=false", "--no-creds", target);
        anonymous.ExitCode.Should().NotBe(0, "the repository is private");
        await hub.Accounts.Store.SetRepositoryPublicAsync("team/web", true);
        anonymous = await SkopeoAsync("inspect", "--raw", "--tls-verify=false", "--no-creds", target);
        anonymous.ExitCode.Should().Be(0, anonymous.Combined);
        Digest.Compute(System.Text.Encoding.UTF8.GetBytes(anonymous.StdOut)).Should().Be(image.Manifest.Digest);
    }

    [Fact]
    public async Task Cluster_image_artifact_can_be_copied_by_skopeo()
    {
        await using var hub = await HubServer.StartAsync();
        await hub.AddUserAsync("pub", Roles.Publisher);
        var key = await hub.CreateKeyAsync("pub");
        using var dir = new TempDir();
        var image = await TestClusterImage.WriteAsync(dir.Path, "shop", "1.0.0", TestClusterImage.SampleFiles(1, 10_000));
        using (var client = await PushPullTests.LoginAsync(hub, "pub"))
            await new ClusterImagePusher(client, new UploadStateStore(dir.Combine("uploads"))).PushAsync(image, "pub", false);

        var copy = await SkopeoAsync("copy", "--src-tls-verify=false", $"--src-creds=pub:{key}", $"docker://{hub.HostPort}/apps/shop:1.0.0", $"oci:{dir.Combine("artifact")}:1.0.0");
        copy.ExitCode.Should().Be(0, copy.Combined);
        var raw = await SkopeoAsync("inspect", "--raw", $"oci:{dir.Combine("artifact")}:1.0.0");
        raw.StdOut.Should().Contain(MediaTypes.ClusterImageArtifact).And.Contain("\"org.opencontainers.image.title\":\"app.yaml\"");
    }

    private static Task<ProcessResult> SkopeoAsync(params string[] args)
        => ProcessRunner.RunAsync("skopeo", ["--insecure-policy", .. args], timeout: TimeSpan.FromMinutes(2));
}

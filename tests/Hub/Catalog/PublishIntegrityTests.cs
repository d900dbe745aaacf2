using System.Net;
using Gravity.Core;
using Gravity.Hub.Accounts;
using Gravity.Hub.Catalog;
using Gravity.Hub.Client;
using Gravity.Hub.Tests.Accounts;
using Gravity.Hub.Tests.Tele;
using Gravity.Oci;
using Gravity.Oci.Model;
using Gravity.Registry;
using Gravity.Testing;

namespace Gravity.Hub.Tests.Catalog;

/// <summary>
/// What the Hub publishes is what the image's head describes: tele push rereads the image before publishing (even
/// the blobs the Hub already has), the Hub refuses an artifact whose layers do not match its head, and tele pull
/// writes only where the user said, whatever the Hub names the image.
/// </summary>
public sealed class PublishIntegrityTests
{
    [Fact]
    public async Task A_damaged_image_whose_blobs_the_Hub_has_is_refused_and_force_keeps_the_good_version()
    {
        await using var shop = await PublishedShop.StartAsync();
        var (dir, client, pusher, good) = (shop.Dir, shop.Client, shop.Pusher, shop.Good);

        // Same size, one byte changed inside the shared blob: every blob is already in the Hub, none would be read.
        var damaged = dir.Combine("damaged.tar");
        var bytes = await File.ReadAllBytesAsync(good);
        var blob = bytes.AsSpan().IndexOf(TestClusterImage.Bytes(1, 5000));
        blob.Should().BePositive();
        bytes[blob + 100] ^= 0x01;
        await File.WriteAllBytesAsync(damaged, bytes);

        var push = () => pusher.PushAsync(damaged, "pub", force: true);

        (await push.Should().ThrowAsync<GravityException>()).Which.Message.Should()
            .Contain("damaged").And.Contain("packages/blobs/sha256/shared").And.Contain("nothing was pushed");
        var pulled = await new ClusterImagePuller(client).PullAsync("shop", "1.0.0", dir.Combine("pulled.tar"));
        (await File.ReadAllBytesAsync(pulled.Path)).Should().Equal(await File.ReadAllBytesAsync(good), "the good version is still the one published");
    }

    [Fact]
    public async Task Tele_push_of_a_damaged_image_exits_1_and_publishes_nothing()
    {
        await using var hub = await HubServer.StartAsync();
        await hub.AddUserAsync("alice", Roles.Publisher);
        using var dir = new TempDir();
        var tele = new TeleProcess(dir.Combine("home"), dir.Path);
        (await tele.RunWithInputAsync($"alice\n{HubServer.Password}\n", "login", "--insecure", "-o", hub.Url)).ExitCode.Should().Be(0);
        var good = await TestClusterImage.WriteAsync(dir.Path, "shop", "1.0.0", TestClusterImage.SampleFiles(1, 5000));
        var bytes = await File.ReadAllBytesAsync(good);
        bytes[bytes.AsSpan().IndexOf(TestClusterImage.Bytes(1, 5000)) + 7] ^= 0x80;
        await File.WriteAllBytesAsync(good, bytes);

        var r = await tele.RunAsync("push", good);

        r.ExitCode.Should().Be(1, r.Combined);
        r.StdErr.Should().Contain("damaged").And.Contain("packages/blobs/sha256/shared");
        (await tele.RunAsync("ls", "--format", "json")).StdOut.Trim().Should().Be("[]");
    }

    [Fact]
    public async Task The_Hub_refuses_an_artifact_manifest_whose_layers_do_not_match_its_head()
    {
        await using var shop = await PublishedShop.StartAsync();
        var (dir, client, pusher, good) = (shop.Dir, shop.Client, shop.Pusher, shop.Good);
        var stored = (await client.GetManifestAsync("apps/shop", "1.0.0"))!.Value;
        var manifest = OciJson.Deserialize<ImageManifest>(stored.Content);

        // app.yaml's layer now points at install.sh's blob (in the repository, so the registry alone would accept it).
        var layers = manifest.Layers.ToArray();
        var appYaml = Array.FindIndex(layers, l => l.Annotations![ClusterImageArtifact.TitleAnnotation] == "app.yaml");
        var script = layers.Single(l => l.Annotations![ClusterImageArtifact.TitleAnnotation] == "install.sh");
        layers[appYaml] = layers[appYaml] with { Digest = script.Digest, Size = script.Size };
        var swapped = OciJson.Serialize(manifest with { Layers = layers });
        // A head that is not the first layer.
        var headless = OciJson.Serialize(manifest with { Layers = manifest.Layers.Skip(1).ToArray() });

        foreach (var (crafted, problem) in new[] { (swapped, $"layers[{appYaml}] (app.yaml) has digest {script.Digest}"), (headless, "layers[0] must be .gravity/head.json") })
        {
            var put = () => client.PutManifestAsync("apps/shop", "1.0.0", crafted, MediaTypes.OciManifest);
            var refused = (await put.Should().ThrowAsync<HubApiException>()).Which;
            refused.Status.Should().Be(HttpStatusCode.BadRequest);
            refused.Message.Should().Contain(problem);
        }
        var pulled = await new ClusterImagePuller(client).PullAsync("shop", "1.0.0", dir.Combine("pulled.tar"));
        (await File.ReadAllBytesAsync(pulled.Path)).Should().Equal(await File.ReadAllBytesAsync(good));
    }

    [Theory]
    [InlineData("../../x")]
    [InlineData("/ABSOLUTE/evil")]
    public async Task Tele_pull_refuses_a_Hub_that_names_the_image_a_path_and_writes_nothing(string servedName)
    {
        await using var hub = await HubServer.StartAsync();
        await hub.AddUserAsync("alice", Roles.Publisher);
        using var dir = new TempDir();
        var work = dir.Combine("a", "b", "work");
        Directory.CreateDirectory(work);
        Directory.CreateDirectory(dir.Combine("abs"));
        servedName = servedName.Replace("/ABSOLUTE", dir.Combine("abs"));
        var tele = new TeleProcess(dir.Combine("home"), work);
        (await tele.RunWithInputAsync($"alice\n{HubServer.Password}\n", "login", "--insecure", "-o", hub.Url)).ExitCode.Should().Be(0);
        var image = await TestClusterImage.WriteAsync(dir.Path, "shop", "1.0.0", TestClusterImage.SampleFiles(1, 5000));
        (await tele.RunAsync("push", image)).ExitCode.Should().Be(0);
        await ServeUnderNameAsync(hub, "apps/shop", "1.0.0", servedName);
        var before = Directory.EnumerateFiles(dir.Path, "*", SearchOption.AllDirectories).ToHashSet();

        var r = await tele.RunAsync("pull", "shop:1.0.0");

        r.ExitCode.Should().Be(1, r.Combined);
        r.StdErr.Should().Contain("not an application name").And.Contain("nothing was written");
        var written = Directory.EnumerateFiles(dir.Path, "*", SearchOption.AllDirectories).Where(p => !before.Contains(p) && !p.StartsWith(dir.Combine("home")));
        written.Should().BeEmpty();
        Directory.EnumerateFileSystemEntries(dir.Combine("abs")).Should().BeEmpty();
    }

    /// <summary>Rewrites the stored artifact straight in the Hub's storage, as a compromised or hostile Hub would serve it.</summary>
    private static async Task ServeUnderNameAsync(HubServer hub, string repository, string tag, string name)
    {
        var storage = new RegistryStorage(hub.DataDir);
        var stored = (await storage.GetManifestAsync(repository, tag))!;
        var manifest = OciJson.Deserialize<ImageManifest>(stored.Content);
        var config = OciJson.Deserialize<ClusterImageConfig>(await storage.Content.ReadAllBytesAsync(manifest.Config.Digest)) with { Name = name };
        var configBytes = OciJson.Serialize(config);
        var digest = Digest.Compute(configBytes);
        await storage.Content.PutAsync(new MemoryStream(configBytes), digest, configBytes.Length);
        await storage.LinkBlobAsync(repository, digest);
        var crafted = manifest with { Config = manifest.Config with { Digest = digest, Size = configBytes.Length } };
        await storage.PutManifestAsync(repository, tag, OciJson.Serialize(crafted), MediaTypes.OciManifest);
    }

    /// <summary>A Hub with the publisher "pub" logged in, who has pushed shop 1.0.0 (the good version).</summary>
    private sealed class PublishedShop : IAsyncDisposable
    {
        private PublishedShop(HubServer hub, TempDir dir, HubClient client, ClusterImagePusher pusher, string good)
            => (Hub, Dir, Client, Pusher, Good) = (hub, dir, client, pusher, good);

        public HubServer Hub { get; }
        public TempDir Dir { get; }
        public HubClient Client { get; }
        public ClusterImagePusher Pusher { get; }
        public string Good { get; }

        public static async Task<PublishedShop> StartAsync()
        {
            var hub = await HubServer.StartAsync();
            await hub.AddUserAsync("pub", Roles.Publisher);
            var dir = new TempDir();
            var client = await PushPullTests.LoginAsync(hub, "pub");
            var pusher = new ClusterImagePusher(client, new UploadStateStore(dir.Combine("uploads")));
            var good = await TestClusterImage.WriteAsync(dir.Path, "shop", "1.0.0", TestClusterImage.SampleFiles(1, 5000));
            await pusher.PushAsync(good, "pub", force: false);
            return new PublishedShop(hub, dir, client, pusher, good);
        }

        public async ValueTask DisposeAsync()
        {
            Client.Dispose();
            Dir.Dispose();
            await Hub.DisposeAsync();
        }
    }
}

using Gravity.Cluster.Tests.Operations;
using System.Text.Json.Nodes;
using Gravity.Cluster.Operations;
using Gravity.Core;
using Gravity.Testing;
using Gravity.Cluster.Operations.Install;

namespace Gravity.Cluster.Tests.Operations.Install;

/// <summary>
/// `gravity install` from an untarred folder believes nothing the head does not vouch for, and the head itself is
/// checked first (it carries its own digest): damaged or crafted heads are refused before any phase, with nothing
/// written to the state folder.
/// </summary>
[Collection(InstallCollection.Name)]
public sealed class InstallImageHeadTests
{
    [Fact]
    public async Task Every_one_of_80_random_bit_flips_in_head_json_is_refused_before_any_phase()
    {
        using var f = await InstallFixture.CreateAsync();
        var headPath = Path.Combine(f.ImageDir, ".gravity", "head.json");
        var original = await File.ReadAllBytesAsync(headPath);
        var random = new Random(8080);
        var accepted = new List<string>();
        for (var i = 0; i < 80; i++)
        {
            var damaged = (byte[])original.Clone();
            var at = random.Next(damaged.Length);
            var bit = random.Next(8);
            damaged[at] ^= (byte)(1 << bit);
            await File.WriteAllBytesAsync(headPath, damaged);

            var install = () => InstallManuallyAsync(f);
            try
            {
                await install();
                accepted.Add($"byte {at} bit {bit}");
            }
            catch (GravityException ex)
            {
                ex.Message.Should().Contain("damaged cluster image").And.Contain("head.json");
            }
            Directory.Exists(f.StateDir).Should().BeFalse($"flip {i} (byte {at} bit {bit}) must leave no state folder");
        }
        accepted.Should().BeEmpty("every damaged head is refused");

        await File.WriteAllBytesAsync(headPath, original);
        (await InstallManuallyAsync(f)).OperationId.Should().NotBeEmpty("the intact image is accepted");
    }

    [Fact]
    public async Task A_head_listing_no_entries_is_refused_and_the_tampered_app_yaml_never_installed()
    {
        using var f = await InstallFixture.CreateAsync();
        await TamperAppYamlAsync(f);
        await EditHeadAsync(f, head => head["entries"] = new JsonArray());

        var install = () => InstallManuallyAsync(f);

        (await install.Should().ThrowAsync<GravityException>()).Which.Message.Should().Contain("damaged cluster image").And.Contain("entries");
        Directory.Exists(f.StateDir).Should().BeFalse();
    }

    [Fact]
    public async Task A_tampered_app_yaml_the_head_no_longer_lists_is_refused()
    {
        using var f = await InstallFixture.CreateAsync();
        await TamperAppYamlAsync(f);
        await EditHeadAsync(f, head =>
        {
            var entries = head["entries"]!.AsArray();
            entries.Remove(entries.Single(e => (string?)e!["name"] == "app.yaml"));
        });

        var install = () => InstallManuallyAsync(f);

        (await install.Should().ThrowAsync<GravityException>()).Which.Message.Should().Contain("does not list app.yaml");
        Directory.Exists(f.StateDir).Should().BeFalse();
    }

    [Fact]
    public async Task A_file_under_packages_the_head_does_not_list_is_refused()
    {
        using var f = await InstallFixture.CreateAsync();
        await File.WriteAllTextAsync(Path.Combine(f.ImageDir, "packages", "resources-extra.yaml"), "kind: Secret\n");

        var install = () => InstallManuallyAsync(f);

        (await install.Should().ThrowAsync<GravityException>()).Which.Message.Should().Contain("packages/resources-extra.yaml is not listed");
        Directory.Exists(f.StateDir).Should().BeFalse();
    }

    [Fact]
    public async Task A_changed_image_digest_in_a_resealed_head_is_refused_before_any_service_starts()
    {
        using var f = await InstallFixture.CreateAsync();
        // A layer of the image: present and listed, but no manifest the index names.
        var layer = Directory.EnumerateFiles(Path.Combine(f.ImageDir, "packages", "blobs", "sha256")).MaxBy(p => new FileInfo(p).Length)!;
        await EditHeadAsync(f, head => head["images"]![0]!["digest"] = "sha256:" + Path.GetFileName(layer));

        var r = await GravityCli.RunAsync(f.InstallArgs());

        r.ExitCode.Should().Be(1, r.Combined);
        r.StdErr.Should().Contain("damaged cluster image").And.Contain("images[0]").And.Contain("is not in packages/index.json");
        r.Combined.Should().NotContain("/bootstrap", "no phase ran");
        Directory.Exists(f.StateDir).Should().BeFalse("no service was started and nothing written");
    }

    private static Task<InstallResult> InstallManuallyAsync(InstallFixture f)
        => new Installer(new NodeRuntime()).InstallAsync(new InstallRequest
        {
            ImageDir = f.ImageDir, StateDir = f.StateDir, ClusterName = "test-cluster", NodeName = "node-1",
            AdvertiseAddr = "127.0.0.1", ListenAddress = "127.0.0.1", Token = "join-secret", ServiceUid = 0, ServiceGid = 0,
            EtcdClientPort = f.EtcdPort, EtcdPeerPort = f.EtcdPeerPort, RegistryPort = f.RegistryPort, HealthPort = f.HealthPort,
            Manual = true,
        });

    private static async Task TamperAppYamlAsync(InstallFixture f)
    {
        var path = Path.Combine(f.ImageDir, "app.yaml");
        await File.WriteAllTextAsync(path, (await File.ReadAllTextAsync(path)).Replace("description: test node", "description: tampered"));
    }

    private static async Task EditHeadAsync(InstallFixture f, Action<JsonObject> edit)
    {
        var path = Path.Combine(f.ImageDir, ".gravity", "head.json");
        await File.WriteAllBytesAsync(path, HeadJson.Edit(await File.ReadAllBytesAsync(path), edit));
    }
}

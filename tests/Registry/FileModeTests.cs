using Gravity.Core.Processes;
using Gravity.Oci;
using static Gravity.Testing.RegistryHttp;

namespace Gravity.Registry.Tests;

/// <summary>Pushed content is readable by the registry's user (and group) only: files 0640, folders 0750.</summary>
public sealed class FileModeTests
{
    [Fact]
    public async Task Blobs_manifests_links_and_folders_are_not_readable_by_other_users()
    {
        await using var server = await RegistryTestServer.StartAsync();
        using var http = server.Client();
        var layer = "private layer"u8.ToArray();
        var config = "{}"u8.ToArray();
        var layerDigest = await PushBlobAsync(http, "team/app", layer);
        var configDigest = await PushBlobAsync(http, "team/app", config);
        var manifest = ManifestJson((configDigest, config.Length), [(layerDigest, layer.Length)]);
        using (var put = await PutManifestAsync(http, "team/app", "v1", manifest, MediaTypes.OciManifest))
            put.StatusCode.Should().Be(System.Net.HttpStatusCode.Created);
        using (var start = await http.PostAsync("/v2/team/app/blobs/uploads/", null))
            start.StatusCode.Should().Be(System.Net.HttpStatusCode.Accepted); // an open session too

        var content = server.Storage.Content;
        Mode(content.PathOf(layerDigest)).Should().Be("640");
        Mode(content.PathOf(Digest.Compute(manifest))).Should().Be("640");

        var uid = (await ProcessRunner.RunCheckedAsync("id", ["-u"])).StdOut.Trim();
        var entries = new[] { "content", "repositories", "uploads" }.Select(d => Path.Combine(server.DataDir, d))
            .SelectMany(d => Directory.EnumerateFileSystemEntries(d, "*", SearchOption.AllDirectories).Append(d)).ToList();
        entries.Should().Contain(e => e.EndsWith("/link")).And.Contain(e => e.EndsWith("/state.json"));
        var stats = (await ProcessRunner.RunCheckedAsync("stat", ["-c", "%u %a %F %n", .. entries])).StdOut
            .Split('\n', StringSplitOptions.RemoveEmptyEntries);
        stats.Should().HaveCount(entries.Count);
        foreach (var line in stats)
        {
            var parts = line.Split(' ', 4);
            parts[0].Should().Be(uid, line);
            parts[1].Should().Be(parts[2] == "directory" ? "750" : "640", line);
        }
    }

    private static string Mode(string path) => Convert.ToString((int)File.GetUnixFileMode(path), 8);
}

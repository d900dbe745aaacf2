using System.Formats.Tar;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Gravity.Cluster.Agents;
using Gravity.Cluster.Certificates;
using Gravity.Cluster.Operations;
using Gravity.Cluster.Operations.Upload;
using Gravity.Cluster.Tests.Operations;
using Gravity.Core;
using Gravity.Packaging.ClusterImage;
using Gravity.Testing;

namespace Gravity.Cluster.Tests.Agents;

/// <summary>
/// A version's folder put onto another node through its agent (PUT /v1/apps/NAME/VERSION over mutual TLS): it arrives
/// complete, root's, with the head's files only; a second put sends nothing; only node certificates of the cluster
/// are served; whatever does not match the head is refused and leaves nothing.
/// </summary>
public sealed class AppUploadEndpointTests : IAsyncLifetime
{
    private const string Version = "2.0.0";
    private readonly TempDir _dir = new("app-upload");
    private ClusterPki _a = null!, _b = null!;
    private AppUploadAgent _agentB = null!;
    private string _source = null!;
    private UnpackedClusterImage _image = null!;

    public async Task InitializeAsync()
    {
        _a = new ClusterPki(_dir.Combine("a"));
        await _a.EnsureCertificateAuthorityAsync("c1");
        await _a.EnsureNodeCertificateAsync("node-a", "127.0.0.1");
        _b = new ClusterPki(_dir.Combine("b"));
        Directory.CreateDirectory(_b.SecretsDir);
        File.Copy(_a.CaCertPath, _b.CaCertPath);
        File.Copy(_a.CaKeyPath, _b.CaKeyPath);
        await _b.EnsureNodeCertificateAsync("node-b", "127.0.0.1");
        _agentB = await AppUploadAgent.StartAsync(_b, _dir.Combine("b"));

        var imageDir = await TestClusterImage.CreateAsync(_dir.Combine("image"), new TestClusterImageVersion(Version: Version, GravityBinary: "#!/bin/sh\necho gravity 2.0.0\n"),
            resources: new Dictionary<string, string> { ["charts/web/values.yaml"] = "replicas: 2\n" });
        _image = await UnpackedClusterImage.OpenAsync(imageDir);
        _source = _dir.Combine("a", "site", "apps", TestClusterImage.AppName, Version);
        using var staging = await AppFolderStaging.FromImageAsync(_image, await File.ReadAllBytesAsync(Path.Combine(imageDir, ClusterImageLayout.HeadPath)), _source, CancellationToken.None);
        staging.Commit().Should().BeTrue();
    }

    public async Task DisposeAsync()
    {
        await _agentB.DisposeAsync();
        _dir.Dispose();
    }

    private string TargetDir => _agentB.Folder.AppDir(TestClusterImage.AppName, Version);

    [Fact]
    public async Task The_folder_arrives_complete_and_root_owned_and_a_second_put_sends_nothing()
    {
        var client = new AgentAppClient(_a.NodeTls);

        (await client.PutAsync("node-b", _agentB.Url, TestClusterImage.AppName, Version, _source, CancellationToken.None)).Should().BeTrue();

        Files(TargetDir).Should().Equal(["app.yaml", "gravity", "head.json", "resources/charts/web/values.yaml"]);
        foreach (var file in Files(TargetDir))
            File.ReadAllBytes(Path.Combine(TargetDir, file)).Should().Equal(File.ReadAllBytes(Path.Combine(_source, file)), file);
        File.GetUnixFileMode(Path.Combine(TargetDir, "gravity")).Should().Be((UnixFileMode)0b111_101_101);
        File.GetUnixFileMode(Path.Combine(TargetDir, "app.yaml")).Should().Be((UnixFileMode)0b110_100_100);
        var stat = await Gravity.Core.Processes.ProcessRunner.RunCheckedAsync("stat", ["-c", "%u", Path.Combine(TargetDir, "gravity")]);
        stat.StdOut.Trim().Should().Be("0");
        Directory.GetDirectories(Path.GetDirectoryName(TargetDir)!).Should().Equal([TargetDir], "no staging folder is left");

        var written = File.GetLastWriteTimeUtc(Path.Combine(TargetDir, "gravity"));
        (await client.PutAsync("node-b", _agentB.Url, TestClusterImage.AppName, Version, _source, CancellationToken.None)).Should().BeFalse("node B has it");
        File.GetLastWriteTimeUtc(Path.Combine(TargetDir, "gravity")).Should().Be(written);
    }

    [Fact]
    public async Task Only_node_certificates_of_the_cluster_are_served()
    {
        using (var anonymous = ClusterTrust.CreateClient(_a.CaCertPath))
        {
            var response = await anonymous.PutAsync(new Uri(_agentB.Url, AgentAppClient.PathOf(TestClusterImage.AppName, Version)), new ByteArrayContent([]));
            response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
            (await anonymous.GetAsync(new Uri(_agentB.Url, AgentAppClient.PathOf(TestClusterImage.AppName, Version)))).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        }

        // The cluster CA signs Kubernetes' client certificates too: the admin's kubeconfig is not a node.
        var admin = NonNodeCertificate.Issue(_a, _dir.Combine("admin"));
        var asAdmin = () => new AgentAppClient(admin).PutAsync("node-b", _agentB.Url, TestClusterImage.AppName, Version, _source, CancellationToken.None);
        (await asAdmin.Should().ThrowAsync<GravityException>()).Which.Message.Should().Contain("403");

        var stranger = new ClusterPki(_dir.Combine("stranger"));
        await stranger.EnsureCertificateAuthorityAsync("other");
        await stranger.EnsureNodeCertificateAsync("node-a", "127.0.0.1");
        var asStranger = () => new AgentAppClient(stranger.NodeTls with { CaPath = _a.CaCertPath }).PutAsync("node-b", _agentB.Url, TestClusterImage.AppName, Version, _source, CancellationToken.None);
        await asStranger.Should().ThrowAsync<GravityException>();
        Directory.Exists(TargetDir).Should().BeFalse();
    }

    [Theory]
    [InlineData("changed")]
    [InlineData("unlisted")]
    [InlineData("missing")]
    [InlineData("other-version")]
    public async Task A_folder_that_does_not_match_its_head_is_refused_and_leaves_nothing(string attack)
    {
        var head = await File.ReadAllBytesAsync(Path.Combine(_source, "head.json"));
        var files = Files(_source).Where(f => f != "head.json").ToDictionary(f => f, f => File.ReadAllBytes(Path.Combine(_source, f)));
        var url = AgentAppClient.PathOf(TestClusterImage.AppName, attack == "other-version" ? "3.0.0" : Version);
        switch (attack)
        {
            case "changed": files["app.yaml"] = [.. files["app.yaml"].Take(files["app.yaml"].Length - 1), (byte)'#']; break;
            case "unlisted": files["resources/evil.sh"] = "#!/bin/sh\n"u8.ToArray(); break;
            case "missing": files.Remove("gravity"); break;
        }
        using var body = new MemoryStream();
        await using (var tar = new TarWriter(body, TarEntryFormat.Pax, leaveOpen: true))
        {
            await tar.WriteEntryAsync(new PaxTarEntry(TarEntryType.RegularFile, "head.json") { DataStream = new MemoryStream(head) });
            foreach (var (name, bytes) in files) await tar.WriteEntryAsync(new PaxTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(bytes) });
        }
        using var http = ClusterTrust.CreateClient(_a.NodeTls);

        var response = await http.PutAsync(new Uri(_agentB.Url, url), new ByteArrayContent(body.ToArray()));

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest, await response.Content.ReadAsStringAsync());
        var appsDir = Path.GetDirectoryName(TargetDir)!;
        (Directory.Exists(appsDir) ? Directory.GetFileSystemEntries(appsDir) : []).Should().BeEmpty("nothing is left of a refused folder");
    }

    private static List<string> Files(string dir) => Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories)
        .Select(f => Path.GetRelativePath(dir, f)).Order(StringComparer.Ordinal).ToList();
}

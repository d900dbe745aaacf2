using System.Text.RegularExpressions;
using Gravity.Cluster.Certificates;
using Gravity.Cluster.Etcd;
using Gravity.Cluster.Operations;
using Gravity.Cluster.Operations.Upload;
using Gravity.Cluster.Runtime;
using Gravity.Cluster.State;
using Gravity.Cluster.Tests.Agents;
using Gravity.Cluster.Tests.Registry;
using Gravity.Oci;
using Gravity.Oci.Model;
using Gravity.Oci.Registry;
using Gravity.Packaging.ClusterImage;
using Gravity.Testing;

namespace Gravity.Cluster.Tests.Operations.Upload;

/// <summary>
/// `gravity upload` of 2.0.0 onto a real installed node of 1.2.3 (etcd, registry, agent), with a second master made of
/// a real `gravity registry serve` holding 1.2.3's images and the agent's app-folder endpoint: every master's registry
/// gets 2.0.0's images (the second only the blobs it lacked), every master the version's folder with its gravity
/// binary, etcd the record; a second upload sends nothing; a damaged image or one of another application changes
/// nothing; a master that cannot be reached fails the upload, named, with no record.
/// </summary>
[Collection(InstallCollection.Name)]
public sealed class ClusterUploadTests
{
    private const string V2 = "2.0.0";
    private const string Gravity2 = "#!/bin/sh\necho gravity 2.0.0\n";
    // web:1.0 as in 1.2.3 (every blob shared), worker:3.0 new, api:1.0 a new repository with web's blobs (mounted, not sent).
    private static readonly IReadOnlyList<(string, int)> ImagesOf2 =
    [
        ("leader.telekube.local:5000/testapp/web:1.0", 40), ("leader.telekube.local:5000/testapp/worker:3.0", 50),
        ("leader.telekube.local:5000/testapp/api:1.0", 40),
    ];

    private static readonly Regex GuideLine = new(@"^[A-Z][a-z]{2} [A-Z][a-z]{2} \d{1,2} \d{2}:\d{2}:\d{2} UTC (.*)$");

    [Fact]
    public async Task Upload_reaches_every_master_records_the_version_once_complete_and_refuses_what_it_must()
    {
        using var f = await InstallFixture.CreateAsync();
        await GravityCli.RunCheckedAsync(f.InstallArgs());
        try
        {
            var node = NodeAgentConfig.TryLoad(f.StateDir)!.Node;
            using var etcd = new EtcdGrpcClient(node.EtcdOptions());
            var uploads = new UploadedApplicationStore(etcd);
            var pki = new ClusterPki(f.StateDir);
            using var registryClient = new RegistryClient(ClusterRegistryServer.NodeClientOptions(pki));
            var v2 = await TestClusterImage.CreateAsync(Path.Combine(f.Root, "v2"), new TestClusterImageVersion(Version: V2, Images: ImagesOf2, GravityBinary: Gravity2));
            var image2 = await UnpackedClusterImage.OpenAsync(v2);
            var localRegistry = Path.Combine(f.StateDir, "registry");

            // A damaged image (a layer the cluster lacks) changes nothing: no tag, no folder, no record.
            var damaged = await TestClusterImage.CreateAsync(Path.Combine(f.Root, "damaged"), new TestClusterImageVersion(Version: V2, Images: ImagesOf2, GravityBinary: Gravity2));
            var newLayer = NewLayers(image2, await UnpackedClusterImage.OpenAsync(f.ImageDir)).OrderByDescending(d => d.Size).First();
            await using (var s = File.OpenWrite(Path.Combine(damaged, "packages", "blobs", "sha256", newLayer.Digest.Hex))) { s.Seek(10, SeekOrigin.Begin); s.WriteByte(0x42); s.WriteByte(0x17); }
            var before = Snapshot(Path.Combine(localRegistry, "repositories"));
            var damagedRun = await GravityCli.RunAsync("upload", "--from", damaged, "--state-dir", f.StateDir);
            damagedRun.ExitCode.Should().NotBe(0);
            damagedRun.Combined.Should().Contain("damaged cluster image").And.Contain(newLayer.Digest.Hex);
            (await registryClient.ResolveAsync(f.RegistryAddress, "testapp/worker", "3.0")).Should().BeNull("no tag of a damaged image");
            Snapshot(Path.Combine(localRegistry, "repositories")).Should().Equal(before, "no repository, tag or blob link changed (verified blobs the copy had stored are in content/, unreferenced)");
            File.Exists(Path.Combine(localRegistry, "content", "blobs", "sha256", newLayer.Digest.Hex)).Should().BeFalse("the damaged blob never entered the store");
            Directory.Exists(node.Folder.AppDir(TestClusterImage.AppName, V2)).Should().BeFalse();
            Directory.GetFileSystemEntries(Path.GetDirectoryName(node.Folder.AppDir(TestClusterImage.AppName, V2))!).Should().Equal([node.Folder.AppDir(TestClusterImage.AppName, TestClusterImage.AppVersion)]);
            (await uploads.GetAsync(TestClusterImage.AppName, V2)).Should().BeNull();

            // An image of another application is refused, saying so.
            var other = await TestClusterImage.CreateAsync(Path.Combine(f.Root, "other"), new TestClusterImageVersion(Name: "otherapp", Version: V2, GravityBinary: Gravity2));
            var otherRun = await GravityCli.RunAsync("upload", "--from", other, "--state-dir", f.StateDir);
            otherRun.ExitCode.Should().NotBe(0);
            otherRun.Combined.Should().Contain("otherapp").And.Contain("this cluster runs testapp");
            (await uploads.ListAsync("otherapp")).Should().BeEmpty();

            // A second master: its registry holds 1.2.3's images (as after its join), its agent serves the app folder.
            var master2Dir = Path.Combine(f.Root, "master2");
            var pki2 = new ClusterPki(master2Dir);
            Directory.CreateDirectory(pki2.SecretsDir);
            File.Copy(pki.CaCertPath, pki2.CaCertPath);
            File.Copy(pki.CaKeyPath, pki2.CaKeyPath);
            await pki2.EnsureNodeCertificateAsync("node-2", "127.0.0.1");
            await using var registry2 = await ClusterRegistryServer.StartAsync(pki2, Path.Combine(master2Dir, "registry"));
            await using var agent2 = await AppUploadAgent.StartAsync(pki2, master2Dir);
            var image1 = await UnpackedClusterImage.OpenAsync(f.ImageDir);
            await ImageExporter.ExportAsync(image1, registryClient, registry2.Address);
            var state = new ClusterStateStore(etcd);
            await state.PutNodeAsync(new ClusterNode("node-2", "127.0.0.1", "master", DateTimeOffset.UtcNow, "healthy", HealthPort: agent2.Port, RegistryPort: Port(registry2)));

            var report = await new ClusterUpload(new NodeRuntime(), TimeProvider.System).UploadAsync(v2, node);

            report.BlobBytesSent["node-2"].Should().Be(NewLayers(image2, image1).Sum(d => d.Size), "the second master gets only the blobs it lacked");
            foreach (var address in new[] { f.RegistryAddress, registry2.Address })
                foreach (var headImage in image2.Head.Images)
                {
                    var reference = ImageReference.Parse(headImage.Rewritten);
                    (await registryClient.ResolveAsync(address, reference.Repository, reference.Tag!))?.Digest.Should().Be(headImage.Digest, $"{reference} in {address}");
                }
            var headBytes = await File.ReadAllBytesAsync(Path.Combine(v2, ClusterImageLayout.HeadPath));
            foreach (var appDir in new[] { node.Folder.AppDir(TestClusterImage.AppName, V2), agent2.Folder.AppDir(TestClusterImage.AppName, V2) })
            {
                File.ReadAllBytes(Path.Combine(appDir, "head.json")).Should().Equal(headBytes);
                File.ReadAllText(Path.Combine(appDir, "app.yaml")).Should().Be(File.ReadAllText(Path.Combine(v2, "app.yaml")));
                File.ReadAllText(Path.Combine(appDir, "gravity")).Should().Be(Gravity2);
                File.GetUnixFileMode(Path.Combine(appDir, "gravity")).Should().Be((UnixFileMode)0b111_101_101, $"{appDir}/gravity");
            }
            var record = await uploads.GetAsync(TestClusterImage.AppName, V2);
            record.Should().NotBeNull();
            record!.Masters.Should().Equal(["node-1", "node-2"]);
            record.HeadDigest.Should().Be(Digest.Compute(headBytes).ToString());

            // Again (through the command): the guide's lines, and nothing is sent or rewritten anywhere.
            var registry1Before = Snapshot(localRegistry);
            var registry2Before = Snapshot(registry2.DataDir);
            var folder2Written = File.GetLastWriteTimeUtc(Path.Combine(agent2.Folder.AppDir(TestClusterImage.AppName, V2), "gravity"));
            var again = await GravityCli.RunCheckedAsync("upload", "--from", v2, "--state-dir", f.StateDir);
            var lines = again.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            lines.Select(l => GuideLine.Match(l)).Should().OnlyContain(m => m.Success, again);
            lines.Select(l => GuideLine.Match(l).Groups[1].Value).Should().Equal(["Importing application testapp v2.0.0", "Synchronizing application with Docker registry", "Application has been uploaded"]);
            (await GravityCli.RunCheckedAsync("upload", "-q", "--from", v2, "--state-dir", f.StateDir)).Should().BeEmpty();
            Snapshot(localRegistry).Should().Equal(registry1Before);
            Snapshot(registry2.DataDir).Should().Equal(registry2Before);
            File.GetLastWriteTimeUtc(Path.Combine(agent2.Folder.AppDir(TestClusterImage.AppName, V2), "gravity")).Should().Be(folder2Written);
            (await new ClusterUpload(new NodeRuntime(), TimeProvider.System).UploadAsync(v2, node)).BlobBytesSent["node-2"].Should().Be(0);

            // A master that cannot be reached: the upload fails naming it, and 3.0.0 is not recorded.
            var unreachable = FreePort.Next();
            await state.PutNodeAsync(new ClusterNode("node-3", "127.0.0.1", "master", DateTimeOffset.UtcNow, "healthy", HealthPort: FreePort.Next(), RegistryPort: unreachable));
            var v3 = await TestClusterImage.CreateAsync(Path.Combine(f.Root, "v3"), new TestClusterImageVersion(Version: "3.0.0", Images: ImagesOf2, GravityBinary: Gravity2));
            var failed = await GravityCli.RunAsync("upload", "--from", v3, "--state-dir", f.StateDir);
            failed.ExitCode.Should().NotBe(0);
            failed.Combined.Should().Contain($"node-3 (127.0.0.1:{unreachable})").And.Contain("not recorded");
            (await uploads.GetAsync(TestClusterImage.AppName, "3.0.0")).Should().BeNull();
        }
        finally
        {
            await GravityCli.RunAsync("leave", "--force", "--state-dir", f.StateDir);
        }
    }

    /// <summary>The blobs (not manifests) of <paramref name="image"/> that <paramref name="installed"/> does not have.</summary>
    private static List<Descriptor> NewLayers(UnpackedClusterImage image, UnpackedClusterImage installed)
    {
        var have = BlobsOf(installed).Select(d => d.Digest).ToHashSet();
        return BlobsOf(image).Where(d => !have.Contains(d.Digest)).ToList();
    }

    private static IEnumerable<Descriptor> BlobsOf(UnpackedClusterImage image) => image.Head.Images
        .SelectMany(i => ImageGraph.Walk(image.OpenContent(), new Descriptor { MediaType = i.MediaType, Digest = i.Digest, Size = i.Size }))
        .Where(d => !MediaTypes.IsManifestOrIndex(d.MediaType)).DistinctBy(d => d.Digest);

    private static int Port(ClusterRegistryServer server) => int.Parse(server.Address.Split(':')[1]);

    private static List<string> Snapshot(string dir) => Directory.EnumerateFileSystemEntries(dir, "*", SearchOption.AllDirectories)
        .Where(p => !p.Contains($"{Path.DirectorySeparatorChar}uploads{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
        .Select(p => $"{p} {File.GetLastWriteTimeUtc(p):O}").Order(StringComparer.Ordinal).ToList();
}

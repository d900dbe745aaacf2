using Gravity.Cluster.Nodes;
using Gravity.Cluster.Operations;
using Gravity.Core;
using Gravity.Oci.Content;
using Gravity.Oci.Registry;
using Gravity.Packaging.ClusterImage;
using Gravity.Testing;

namespace Gravity.Cluster.Tests.Operations.Expand;

/// <summary>
/// The join's /pull step for the runtime package: the joining node pulls its profile's package by the digest the head
/// pins from a real registry (the peer's), and unpacks it into its runtime folder; a registry that does not hold those
/// exact bytes gets nothing unpacked.
/// </summary>
public sealed class JoinRuntimePackageTests
{
    private const string Rewritten = "leader.telekube.local:5000/gravity/runtime:1.35.2";
    private const string Reference = "docker.io/gravity/runtime:1.35.2";

    private static ClusterImageHead Head(Oci.Digest digest) => new()
    {
        Name = "testapp", Version = "1.2.3",
        Images = [new HeadImage { Reference = Reference, Rewritten = Rewritten, Digest = digest, MediaType = Oci.MediaTypes.OciManifest }],
        RuntimePackages = new SortedDictionary<string, HeadRuntimePackage> { ["worker"] = new() { Reference = Reference, Digest = digest, KubernetesVersion = "1.35.2" } },
    };

    [Fact]
    public async Task The_joining_node_pulls_its_profiles_runtime_package_from_the_cluster_registry_and_unpacks_it()
    {
        using var dir = new TempDir("join-runtime");
        await using var registry = await RegistryProcess.StartAsync();
        var store = new ContentStore(dir.Combine("store"));
        var package = await RuntimePackageTestImage.CreateAsync(store, RuntimePackageTestImage.SmallPrograms(dir.Combine("programs")));
        await TestImageExport.PushAsync(store, package.Manifest, registry, "gravity/runtime:1.35.2");
        var layout = new StateFolder(dir.Combine("state"));
        Directory.CreateDirectory(layout.StateDir);
        var log = new List<string>();
        using var client = new RegistryClient(registry.ClientOptions());

        await NodeRuntimePackage.PullAndUnpackAsync(Head(package.Manifest.Digest), "worker", client, registry.HostPort, layout, log.Add, CancellationToken.None);

        Directory.GetFiles(layout.RuntimeBin).Select(Path.GetFileName).Should().BeEquivalentTo("etcd", "kubectl", "helm");
        (await File.ReadAllTextAsync(layout.RuntimeBinary("etcd"))).Should().Contain("etcd from the runtime package");
        File.Exists(layout.RuntimeManifest).Should().BeTrue();
        Directory.Exists(layout.RuntimeDownload).Should().BeFalse("the download is removed once unpacked");
        log.Should().Contain(l => l.Contains("unpacked runtime package docker.io/gravity/runtime:1.35.2"));

        // A profile without a runtime package leaves the folder to the host's programs.
        var other = new StateFolder(dir.Combine("other"));
        await NodeRuntimePackage.PullAndUnpackAsync(Head(package.Manifest.Digest), "master", client, registry.HostPort, other, log.Add, CancellationToken.None);
        Directory.Exists(other.RuntimeBin).Should().BeFalse();
        log.Should().Contain("profile master has no runtime package: the node runs the host's etcd and containerd");
    }

    [Fact]
    public async Task A_registry_serving_another_package_under_the_tag_gets_nothing_unpacked()
    {
        using var dir = new TempDir("join-runtime");
        await using var registry = await RegistryProcess.StartAsync();
        var store = new ContentStore(dir.Combine("store"));
        var programs = RuntimePackageTestImage.SmallPrograms(dir.Combine("programs"));
        var genuine = await RuntimePackageTestImage.CreateAsync(store, programs);
        var swapped = await RuntimePackageTestImage.CreateAsync(store, programs, kubernetesVersion: "1.35.9");
        await TestImageExport.PushAsync(store, swapped.Manifest, registry, "gravity/runtime:1.35.2");
        var layout = new StateFolder(dir.Combine("state"));
        Directory.CreateDirectory(layout.StateDir);
        using var client = new RegistryClient(registry.ClientOptions() with { MaxRetries = 0 });

        var act = () => NodeRuntimePackage.PullAndUnpackAsync(Head(genuine.Manifest.Digest), "worker", client, registry.HostPort, layout, _ => { }, CancellationToken.None);

        (await act.Should().ThrowAsync<GravityException>()).WithMessage($"*runtime package {registry.HostPort}/gravity/runtime:1.35.2@{genuine.Manifest.Digest}*");
        Directory.Exists(layout.RuntimeDir).Should().BeFalse();
        Directory.Exists(layout.RuntimeDownload).Should().BeFalse();
    }

    [NetworkNamespaceFact]
    public async Task A_joined_node_has_the_runtime_package_of_its_profile_pulled_from_the_cluster()
    {
        using var dir = new TempDir("join-runtime");
        await using var network = await NetworkNamespaceCluster.CreateAsync("node-1", "node-2");
        var (n1, n2) = (new NamespacedNode(network.Nodes[0], dir.Path), new NamespacedNode(network.Nodes[1], dir.Path));
        // Programs the agent does not run, so the host's etcd and containerd still serve both nodes.
        var programs = RuntimePackageTestImage.SmallPrograms(dir.Combine("programs"), "kubectl", "helm");
        try
        {
            await n1.InstallAsync(await Operations.TestClusterImage.CreateAsync(dir.Path, runtimePrograms: programs));
            File.Delete(Path.Combine(n1.StateDir, "runtime", "bin", "kubectl")); // so only the cluster registry can give node-2 its copy

            var join = await n2.JoinAsync(n1);

            join.ExitCode.Should().Be(0, join.Combined);
            var layout = new StateFolder(n2.StateDir);
            (await File.ReadAllBytesAsync(layout.RuntimeBinary("kubectl"))).Should().Equal(await File.ReadAllBytesAsync(programs[0].SourcePath));
            File.GetUnixFileMode(layout.RuntimeBinary("helm")).Should().Be((UnixFileMode)0x1ED);
            File.Exists(layout.RuntimeManifest).Should().BeTrue();
            Directory.Exists(layout.RuntimeDownload).Should().BeFalse();
        }
        finally
        {
            await n2.LeaveForcedAsync();
            await n1.LeaveForcedAsync();
        }
    }
}

using Gravity.Cluster.Certificates;
using Gravity.Cluster.Registry;
using Gravity.Cluster.Tests.Operations;
using Gravity.Oci;
using Gravity.Oci.Content;
using Gravity.Oci.Model;
using Gravity.Oci.Registry;
using Gravity.Oci.Transfer;
using Gravity.Testing;

namespace Gravity.Cluster.Tests.Registry;

/// <summary>
/// Two masters' registries of one cluster (`gravity registry serve`, TLS, client CA): the source holding test images
/// (a multi-arch index, Docker schema 2, images sharing a base layer), the destination on an empty data folder in the
/// node's state folder, whose certificates the sync presents.
/// </summary>
public sealed class RegistrySyncFixture : IAsyncDisposable
{
    public static readonly string[] Tags = ["app/web:1.0", "app/web:1.1", "app/worker:2.0", "app/multi:3.0", "lib/db:1"];

    private readonly TempDir _dir = new("registry-sync");

    private RegistrySyncFixture() => Pki = new ClusterPki(StateDir);

    public string StateDir => _dir.Combine("node");
    public ClusterPki Pki { get; }
    public ContentStore Images { get; private set; } = null!;
    public Dictionary<string, Descriptor> Roots { get; } = [];
    public ClusterRegistryServer Source { get; private set; } = null!;
    public ClusterRegistryServer Destination { get; private set; } = null!;
    public string DestinationData => Path.Combine(StateDir, "registry");

    public static async Task<RegistrySyncFixture> CreateAsync(string sourceHost = "127.0.0.1")
    {
        var f = new RegistrySyncFixture();
        try
        {
            await f.Pki.EnsureCertificateAuthorityAsync("sync-test");
            await f.Pki.EnsureNodeCertificateAsync("node-1", "127.0.0.1", ["127.0.0.2"]);
            f.Images = new ContentStore(f._dir.Combine("images"));
            var baseLayer = await TestImages.CreateLayerAsync(f.Images, 7, 256 * 1024);
            f.Roots["app/web:1.0"] = (await TestImages.CreateImageAsync(f.Images, new() { Seed = 1, BaseLayers = [baseLayer], LayerSizes = [300 * 1024] })).Manifest;
            f.Roots["app/web:1.1"] = (await TestImages.CreateImageAsync(f.Images, new() { Seed = 2, BaseLayers = [baseLayer], LayerSizes = [200 * 1024] })).Manifest;
            f.Roots["app/worker:2.0"] = (await TestImages.CreateImageAsync(f.Images, new() { Seed = 3, BaseLayers = [baseLayer] })).Manifest;
            f.Roots["app/multi:3.0"] = (await TestImages.CreateIndexAsync(f.Images, new() { Seed = 4 })).Index;
            f.Roots["lib/db:1"] = (await TestImages.CreateImageAsync(f.Images, new() { Seed = 5, DockerSchema2 = true })).Manifest;

            f.Source = await ClusterRegistryServer.StartAsync(f.Pki, f._dir.Combine("source"), sourceHost);
            Directory.CreateDirectory(f.DestinationData);
            f.Destination = await ClusterRegistryServer.StartAsync(f.Pki, f.DestinationData);
            using var client = new RegistryClient(ClusterRegistryServer.NodeClientOptions(f.Pki));
            foreach (var (tag, root) in f.Roots) await f.PushAsync(client, f.Source, tag);
            return f;
        }
        catch
        {
            await f.DisposeAsync();
            throw;
        }
    }

    public async Task PushAsync(RegistryClient client, ClusterRegistryServer registry, string repositoryAndTag, string? asName = null)
        => await new ImagePusher(client, Images).PushAsync(Roots[repositoryAndTag], ImageReference.Parse($"{registry.Address}/{asName ?? repositoryAndTag}"));

    public ClusterRegistrySync Sync() => new(DestinationData, InstallFixture.UnusedId, InstallFixture.UnusedId);

    /// <summary>Every blob (not manifest) the test images consist of.</summary>
    public IReadOnlyList<Descriptor> Blobs(params string[] tags) => (tags.Length == 0 ? Tags : tags)
        .SelectMany(t => ImageGraph.Walk(Images, Roots[t])).Where(d => !MediaTypes.IsManifestOrIndex(d.MediaType)).DistinctBy(d => d.Digest).ToList();

    public static string BlobPath(string dataDir, Digest digest) => Path.Combine(dataDir, "content", "blobs", digest.Algorithm, digest.Hex);

    public async ValueTask DisposeAsync()
    {
        if (Destination is not null) await Destination.DisposeAsync();
        if (Source is not null) await Source.DisposeAsync();
        _dir.Dispose();
    }
}

using Gravity.Cluster.Agents;
using Gravity.Cluster.Certificates;
using Gravity.Cluster.Etcd;
using Gravity.Cluster.Nodes;
using Gravity.Cluster.Registry;
using Gravity.Cluster.State;
using Gravity.Core;
using Gravity.Oci;
using Gravity.Oci.Content;
using Gravity.Oci.Model;
using Gravity.Oci.Registry;
using Gravity.Oci.Transfer;
using Gravity.Packaging.ClusterImage;

namespace Gravity.Cluster.Operations.Upload;

/// <summary>
/// `gravity upload` on a master: imports a newer cluster image of the cluster's application so that an upgrade can
/// use it. In order: the image is checked (nothing changes when it is damaged, of another application, or another image
/// of a version the cluster has); its container images and runtime packages go into this master's registry (only the
/// blobs it lacks, each verified on the way in) and the version's folder (<see cref="UploadedAppFolder"/>) into its
/// state folder; then into every other master's registry (HEAD before PUT, mounts) and state folder (through its agent,
/// <see cref="AgentAppClient"/>); only then the etcd record (<see cref="UploadedApplicationStore"/>), so a record means
/// every master holds the version. A master that cannot be reached fails the upload, named, and nothing is recorded.
/// </summary>
/// <param name="step">The guide's lines ("Importing application ...", "Synchronizing ...", "Application has been uploaded").</param>
public sealed class ClusterUpload(INodeRuntime runtime, TimeProvider time, Action<string>? step = null, Action<string>? detail = null)
{
    public const string ImportingLine = "Importing application {0} v{1}";
    public const string SynchronizingLine = "Synchronizing application with Docker registry";
    public const string UploadedLine = "Application has been uploaded";

    public async Task<ClusterUploadReport> UploadAsync(string imageDir, NodeSettings node, CancellationToken ct = default)
    {
        var image = await UnpackedClusterImage.OpenAsync(imageDir, ct);
        var (name, version) = (image.Head.Name, image.Head.Version);
        using var etcd = new EtcdGrpcClient(node.EtcdOptions());
        var state = new ClusterStateStore(etcd);
        var uploads = new UploadedApplicationStore(etcd);
        var cluster = await ReadAsync(() => state.GetClusterAsync(ct)) ?? throw new GravityException("the cluster has no record in etcd yet: is its install complete?");
        var nodes = await ReadAsync(() => state.ListNodesAsync(ct));
        if (!node.Master)
            throw new GravityException($"gravity upload runs on a master, and {node.NodeName} is a regular node: run it on one of {string.Join(", ", nodes.Where(n => n.Master).Select(n => n.Name))}");
        if (name != cluster.Application.Name)
            throw new GravityException($"{image.Dir} is a cluster image of {name} {version}, and this cluster runs {cluster.Application.Name}: upload an image of {cluster.Application.Name}");
        UploadedAppFolder.CheckSegment("application", name);
        UploadedAppFolder.CheckSegment("version", version);
        if (!image.Lists(ClusterImageLayout.GravityBinary))
            throw new GravityException($"{image.Dir} has no gravity binary ({ClusterImageLayout.HeadPath} does not list {ClusterImageLayout.GravityBinary}): an upgrade needs the new image's gravity");

        var headBytes = await File.ReadAllBytesAsync(Path.Combine(image.Dir, ClusterImageLayout.HeadPath), ct);
        if (ClusterImageHead.Parse(headBytes).HeadDigest != image.Head.HeadDigest)
            throw new GravityException($"{ClusterImageLayout.HeadPath} of {image.Dir} changed while it was read");
        var headDigest = Digest.Compute(headBytes);
        var appDir = node.Folder.AppDir(name, version);
        if (await uploads.GetAsync(name, version, ct) is { } previous && previous.HeadDigest != headDigest.ToString())
            throw new GravityException($"{name} {version} was uploaded already from another image (head {previous.HeadDigest}, this one {headDigest}): a version names one image; build this one with another version");
        if (version == cluster.Application.Version && UploadedAppFolder.ReadHeadDigest(appDir) is { } installed && installed != headDigest)
            throw new GravityException($"the cluster runs {name} {version} from another image (head {installed}, this one {headDigest}): build this one with another version");

        step?.Invoke(string.Format(System.Globalization.CultureInfo.InvariantCulture, ImportingLine, name, version));
        var registryData = node.Folder.RegistryData;
        var localStorage = Directory.Exists(registryData) ? new Gravity.Registry.RegistryStorage(registryData) : null;
        // Layers are checked as they are copied into the registry's store (and not read at all when it has them): the
        // check before anything changes reads the rest (head, manifests, app.yaml, resources, gravity).
        await image.VerifyAsync(ct: ct, verifiedOnUse: localStorage is null ? null : LayersOf(image));

        using var staging = await AppFolderStaging.FromImageAsync(image, headBytes, appDir, ct);

        step?.Invoke(SynchronizingLine);
        using var client = new RegistryClient(runtime.ClusterRegistryOptions(node));
        await ImageExporter.ExportToClusterRegistryAsync(image, node, client, detail, ct);
        staging.Commit();

        // The other masters get what this one holds now: its registry's store was verified on the way in.
        var store = localStorage?.Content ?? image.OpenContent();
        var mountFrom = RepositoriesOf(node.Folder.AppDir(cluster.Application.Name, cluster.Application.Version));
        var others = MasterRegistryFanOut.OtherMasters(nodes, node);
        var sent = new Dictionary<string, long>(StringComparer.Ordinal);
        var missed = new List<string>();
        var agents = new AgentAppClient(new ClusterPki(node.StateDir).NodeTls);
        foreach (var master in others)
        {
            var address = MasterRegistryFanOut.RegistryAddressOf(master);
            detail?.Invoke($"synchronizing master {master.Name} (registry {address}, agent {master.AgentUrl.Authority})");
            try
            {
                var counter = new SentBytes();
                await ImageExporter.ExportAsync(image.Head.Images, store, $"the registry of {node.NodeName}", client, address, mountFrom, counter, detail, ct);
                await agents.PutAsync(master.Name, master.AgentUrl, name, version, appDir, ct);
                sent[master.Name] = counter.Total;
            }
            catch (Exception ex) when ((ex is GravityException or HttpRequestException or IOException) && !ct.IsCancellationRequested)
            {
                missed.Add($"{master.Name} ({address}): {ex.Message}");
            }
        }
        if (missed.Count > 0)
            throw new GravityException($"{name} {version} is on this master{(others.Count > missed.Count ? $" and {others.Count - missed.Count} other(s)" : "")}, but not on " +
                $"{string.Join("; ", missed)}. It is not recorded as uploaded: run gravity upload again once every master is reachable");

        var record = new UploadedApplication(name, version, time.GetUtcNow(), $"{Environment.UserName}@{node.NodeName}", headDigest.ToString(),
            [node.NodeName, .. others.Select(m => m.Name)]);
        await uploads.PutAsync(record, ct);
        step?.Invoke(UploadedLine);
        return new ClusterUploadReport(record, sent);
    }

    /// <summary>The blobs of the image's container images that are not manifests or indexes (their manifests are read, and so checked, on the way).</summary>
    private static HashSet<Digest> LayersOf(UnpackedClusterImage image)
    {
        var content = image.OpenContent();
        var layers = new HashSet<Digest>();
        foreach (var headImage in image.Head.Images)
        {
            var root = new Descriptor { MediaType = headImage.MediaType, Digest = headImage.Digest, Size = headImage.Size };
            try
            {
                layers.UnionWith(ImageGraph.Walk(content, root).Where(d => !MediaTypes.IsManifestOrIndex(d.MediaType)).Select(d => d.Digest));
            }
            catch (Exception ex) when (ex is BlobNotFoundException or DigestMismatchException or InvalidDataException or System.Text.Json.JsonException)
            {
                throw new GravityException($"damaged cluster image {image.Dir}: image {headImage.Reference}: {ex.Message}", ex);
            }
        }
        return layers;
    }

    /// <summary>The repositories of the version in <paramref name="appDir"/> (the installed one): other masters have its blobs there to mount.</summary>
    private static IReadOnlyList<string> RepositoriesOf(string appDir)
    {
        var path = Path.Combine(appDir, UploadedAppFolder.HeadFile);
        if (!File.Exists(path)) return [];
        try
        {
            return ClusterImageHead.Parse(File.ReadAllBytes(path)).Images
                .Select(i => ImageReference.Parse(i.Rewritten.Length > 0 ? i.Rewritten : i.Reference).Repository).Distinct().ToList();
        }
        catch (Exception ex) when (ex is InvalidDataException or FormatException or ArgumentException)
        {
            return [];
        }
    }

    private static async Task<T> ReadAsync<T>(Func<Task<T>> read)
    {
        try { return await read(); }
        catch (EtcdException ex) { throw new GravityException($"cannot read the cluster's state from etcd ({ex.Message}): nothing was uploaded; run gravity upload again once etcd is healthy", ex); }
    }

    /// <summary>Bytes of blobs actually sent (not those the registry had or mounted).</summary>
    private sealed class SentBytes : IProgress<TransferProgress>
    {
        private long _total;
        public long Total => Interlocked.Read(ref _total);

        public void Report(TransferProgress value)
        {
            if (value.State == TransferState.Done && !MediaTypes.IsManifestOrIndex(value.Blob.MediaType)) Interlocked.Add(ref _total, value.Total);
        }
    }
}

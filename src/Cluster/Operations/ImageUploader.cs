using Gravity.Cluster.Etcd;
using Gravity.Cluster.Nodes;
using Gravity.Cluster.Registry;
using Gravity.Cluster.State;
using Gravity.Core;
using Gravity.Oci;
using Gravity.Oci.Registry;

namespace Gravity.Cluster.Operations;

/// <summary>
/// `gravity upload`: verifies an unpacked cluster image and imports its container images into the cluster registry:
/// this node's, then every other master's (<see cref="MasterRegistryFanOut"/>).
/// </summary>
/// <param name="listNodes">The cluster's node records (default: from etcd, with the node's certificate).</param>
public sealed class ImageUploader(INodeRuntime runtime, Func<NodeSettings, CancellationToken, Task<IReadOnlyList<ClusterNode>>>? listNodes = null)
{
    public async Task<IReadOnlyList<ImageReference>> UploadAsync(string imageDir, string stateDir, string? registry = null,
        Action<string>? log = null, CancellationToken ct = default)
    {
        var image = await UnpackedClusterImage.OpenAsync(imageDir, ct);
        log?.Invoke($"verifying {image.Head.Name}:{image.Head.Version}");
        await image.VerifyAsync(ct: ct);
        var node = Runtime.NodeAgentConfig.TryLoad(stateDir)?.Node;
        var options = node is not null ? runtime.ClusterRegistryOptions(node) : new RegistryClientOptions { Insecure = true };
        var target = registry ?? node?.RegistryAddress
            ?? throw new GravityException($"no cluster is installed in {stateDir}: pass --registry ADDR");
        using var client = new RegistryClient(options);
        if (node is null || target != node.RegistryAddress) return await ImageExporter.ExportAsync(image, client, target, log, ct);

        var imported = await ImageExporter.ExportToClusterRegistryAsync(image, node, client, log, ct);
        var masters = MasterRegistryFanOut.OtherMasters(await (listNodes ?? ListNodesFromEtcdAsync)(node, ct), node);
        await MasterRegistryFanOut.PushAsync(masters, node, (address, token) => ImageExporter.ExportAsync(image, client, address, log, token), log, ct);
        return imported;
    }

    private static async Task<IReadOnlyList<ClusterNode>> ListNodesFromEtcdAsync(NodeSettings node, CancellationToken ct)
    {
        using var etcd = new EtcdGrpcClient(node.EtcdOptions());
        try
        {
            return await new ClusterStateStore(etcd).ListNodesAsync(ct);
        }
        catch (EtcdException ex)
        {
            throw new GravityException($"the images are in this node's registry, but the other masters cannot be read from etcd ({ex.Message}): run gravity upload again once etcd is healthy", ex);
        }
    }
}

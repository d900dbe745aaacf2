using Gravity.Core;
using Gravity.Oci;
using Gravity.Oci.Registry;

namespace Gravity.Cluster.Operations;

/// <summary>`gravity upload`: verifies an unpacked cluster image and pushes its container images into the cluster registry.</summary>
public sealed class ImageUploader(INodeRuntime runtime)
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
        if (node is not null && target == node.RegistryAddress)
            return await ImageExporter.ExportToClusterRegistryAsync(image, node, client, log, ct);
        return await ImageExporter.ExportAsync(image, client, target, log, ct);
    }
}

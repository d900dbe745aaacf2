using Gravity.Core;
using Gravity.Oci;
using Gravity.Oci.Registry;

namespace Gravity.Cluster.Operations;

/// <summary>
/// `gravity upload --registry ADDR`: verifies an unpacked cluster image and pushes its container images into one
/// registry given by address (a mirror, a registry outside the cluster). Into the cluster itself, see <see cref="Upload.ClusterUpload"/>.
/// </summary>
public sealed class ImageUploader(INodeRuntime runtime)
{
    public async Task<IReadOnlyList<ImageReference>> UploadAsync(string imageDir, string stateDir, string registry,
        Action<string>? log = null, CancellationToken ct = default)
    {
        var image = await UnpackedClusterImage.OpenAsync(imageDir, ct);
        log?.Invoke($"verifying {image.Head.Name}:{image.Head.Version}");
        await image.VerifyAsync(ct: ct);
        var node = Runtime.NodeAgentConfig.TryLoad(stateDir)?.Node;
        var options = node is not null && registry == node.RegistryAddress ? runtime.ClusterRegistryOptions(node) : new RegistryClientOptions { Insecure = true };
        using var client = new RegistryClient(options);
        return await ImageExporter.ExportAsync(image, client, registry, log, ct);
    }
}

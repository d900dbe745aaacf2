using Gravity.Cluster.Nodes;
using Gravity.Core;
using Gravity.Oci;
using Gravity.Oci.Content;
using Gravity.Oci.Registry;
using Gravity.Oci.Transfer;
using Gravity.Packaging.ClusterImage;
using Gravity.Packaging.RuntimePackages;

namespace Gravity.Cluster.Operations;

/// <summary>
/// Puts the runtime package of a node's profile (the head's <c>runtimePackages</c>) into its runtime folder: from the
/// cluster image's own blobs on install, from the cluster registry on a join. A profile without one keeps an empty
/// runtime folder, and its services run from the host's programs.
/// </summary>
public static class NodeRuntimePackage
{
    /// <summary>Install: the package's blobs are in the untarred image (packages/blobs), each verified again as it is unpacked.</summary>
    public static async Task UnpackAsync(ClusterImageHead head, string profile, ContentStore blobs, StateFolder layout, Action<string> log, CancellationToken ct)
    {
        if (Find(head, profile, log) is not { } package) return;
        await UnpackFromAsync(blobs, package, layout.RuntimeDir, log, ct);
    }

    /// <summary>Join: pulls the package by its digest from <paramref name="registry"/> (ADDR:PORT of a cluster registry) into a root-owned folder, then unpacks it.</summary>
    public static Task PullAndUnpackAsync(ClusterImageHead head, string profile, RegistryClient client, string registry, StateFolder layout,
        Action<string> log, CancellationToken ct)
        => PullAndUnpackAsync(head, profile, client, registry, layout, layout.RuntimeDir, log, ct);

    /// <summary>An upgrade: the same pull, unpacked into <paramref name="targetDir"/> (<see cref="StateFolder.RuntimeNext"/>) beside the running runtime.</summary>
    public static async Task PullAndUnpackAsync(ClusterImageHead head, string profile, RegistryClient client, string registry, StateFolder layout,
        string targetDir, Action<string> log, CancellationToken ct)
    {
        if (Find(head, profile, log) is not { } package) return;
        var image = head.Images.Single(i => i.Reference == package.Reference);
        var reference = ImageReference.Parse(image.Rewritten).WithRegistry(registry).WithDigest(package.Digest);
        if (Directory.Exists(layout.RuntimeDownload)) Directory.Delete(layout.RuntimeDownload, recursive: true);
        Directory.CreateDirectory(layout.RuntimeDownload, RuntimePackageUnpacker.FolderMode);
        try
        {
            var store = new ContentStore(layout.RuntimeDownload);
            try
            {
                await new ImagePuller(client, store).PullAsync(reference, new PullOptions(), ct: ct);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                throw new GravityException($"cannot pull the runtime package {reference}: {ex.Message}", ex);
            }
            await UnpackFromAsync(store, package, targetDir, log, ct);
        }
        finally
        {
            Directory.Delete(layout.RuntimeDownload, recursive: true);
        }
    }

    private static HeadRuntimePackage? Find(ClusterImageHead head, string profile, Action<string> log)
    {
        if (head.RuntimePackages.TryGetValue(profile, out var package)) return package;
        log($"profile {profile} has no runtime package: the node runs the host's etcd and containerd");
        return null;
    }

    private static async Task UnpackFromAsync(ContentStore store, HeadRuntimePackage package, string targetDir, Action<string> log, CancellationToken ct)
    {
        try
        {
            var image = await RuntimePackageImage.LoadAsync(store, package.Digest, ct);
            await RuntimePackageUnpacker.UnpackAsync(store, image, targetDir, ct);
            log($"unpacked runtime package {package.Reference} (Kubernetes {image.Runtime.KubernetesVersion}: {string.Join(", ", image.Runtime.Binaries.Select(b => b.Name))}) into {targetDir}");
        }
        catch (InvalidDataException ex)
        {
            throw new GravityException($"cannot unpack the runtime package {package.Reference}: {ex.Message}", ex);
        }
    }
}

using Gravity.Cluster.Plans;
using Gravity.Core;
using Gravity.Oci.Registry;
using Gravity.Packaging.ClusterImage;
using FileModes = Gravity.Cluster.Operations.FileModes;

namespace Gravity.Cluster.Operations.Expand.Executors;

/// <summary>
/// /pull: what the node keeps, from the cluster rather than from a tarball: the gravity binary the agent runs (this
/// program, which is the cluster image's), the installed application's folder, downloaded from the peer, and the
/// runtime package of the node's profile, pulled by digest from the peer's registry with the node's certificate.
/// </summary>
public sealed class PullExecutor(ExpandPhaseContext join) : IPhaseExecutor
{
    public async Task ExecuteAsync(PhaseContext context, CancellationToken ct)
    {
        var layout = join.Layout;
        Directory.CreateDirectory(layout.Bin);
        if (join.Config.CopyGravityBinary && Path.GetFullPath(join.Config.GravityBinary) != Path.GetFullPath(layout.GravityBinary))
            await AtomicFile.CopyAsync(join.Config.GravityBinary, layout.GravityBinary, FileModes.Executable, ct);
        var admission = join.Config.Admission;
        var appDir = layout.AppDir(admission.AppName, admission.AppVersion);
        using var peer = await join.ConnectAsync(ct);
        await peer.DownloadAppAsync(admission.OperationId, admission.OperationToken, appDir, ct);
        context.Log($"pulled {admission.AppName}:{admission.AppVersion} from {peer.Peer.Authority} into {appDir}");

        var head = ClusterImageHead.Parse(await File.ReadAllBytesAsync(Path.Combine(appDir, "head.json"), ct));
        using var registry = new RegistryClient(join.Runtime.ClusterRegistryOptions(join.Node));
        await NodeRuntimePackage.PullAndUnpackAsync(head, join.Node.Role, registry, admission.PeerRegistry, layout, context.Log, ct);
    }

    public Task RollbackAsync(PhaseContext context, CancellationToken ct)
    {
        var admission = join.Config.Admission;
        var appDir = join.Layout.AppDir(admission.AppName, admission.AppVersion);
        if (Directory.Exists(appDir)) Directory.Delete(appDir, recursive: true);
        if (join.Config.CopyGravityBinary && File.Exists(join.Layout.GravityBinary)) File.Delete(join.Layout.GravityBinary);
        if (Directory.Exists(join.Layout.RuntimeDir)) Directory.Delete(join.Layout.RuntimeDir, recursive: true);
        return Task.CompletedTask;
    }
}

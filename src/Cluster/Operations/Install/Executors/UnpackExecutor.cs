using Gravity.Cluster.Plans;
using Gravity.Core;
using Gravity.Packaging.ClusterImage;
using FileModes = Gravity.Cluster.Operations.FileModes;

namespace Gravity.Cluster.Operations.Install.Executors;

/// <summary>
/// /unpack: verifies the image again (it may have changed since the plan was made) and copies what the node keeps
/// into the state folder: the gravity binary the agent runs from, app.yaml, the head, the application resources and
/// the runtime package of the node's profile (into DIR/runtime: <see cref="NodeRuntimePackage"/>). The container images stay in the image folder until /export pushes them into the cluster registry.
/// </summary>
public sealed class UnpackExecutor(InstallPhaseContext install) : IPhaseExecutor
{
    public async Task ExecuteAsync(PhaseContext context, CancellationToken ct)
    {
        var image = await install.OpenImage(ct);
        if (!image.Verified) await image.VerifyAsync(ct: ct);
        var layout = install.Layout;
        var appDir = layout.AppDir(install.Config.AppName, install.Config.AppVersion);
        Directory.CreateDirectory(appDir);
        Directory.CreateDirectory(layout.Bin);

        if (install.Config.CopyGravityBinary)
            await CopyAsync(install.Config.GravityBinary, layout.GravityBinary, FileModes.Executable, ct);
        await CopyAsync(Path.Combine(image.Dir, ClusterImageLayout.AppManifest), Path.Combine(appDir, ClusterImageLayout.AppManifest), FileModes.Regular, ct);
        await CopyAsync(Path.Combine(image.Dir, ClusterImageLayout.HeadPath), Path.Combine(appDir, "head.json"), FileModes.Regular, ct);
        foreach (var entry in image.Head.Entries.Where(e => e.Name.StartsWith(ClusterImageLayout.ResourcesDir, StringComparison.Ordinal)))
        {
            var target = ArchivePath.Resolve(appDir, "resources/" + entry.Name[ClusterImageLayout.ResourcesDir.Length..]);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            await CopyAsync(ArchivePath.Resolve(image.Dir, entry.Name), target, FileModes.Regular, ct);
        }
        context.Log($"unpacked {install.Config.AppName}:{install.Config.AppVersion} into {appDir}");
        await NodeRuntimePackage.UnpackAsync(image.Head, install.Config.Node.Role, image.OpenContent(), layout, context.Log, ct);
    }

    public Task RollbackAsync(PhaseContext context, CancellationToken ct)
    {
        var appDir = install.Layout.AppDir(install.Config.AppName, install.Config.AppVersion);
        if (Directory.Exists(appDir)) Directory.Delete(appDir, recursive: true);
        if (File.Exists(install.Layout.GravityBinary)) File.Delete(install.Layout.GravityBinary);
        if (Directory.Exists(install.Layout.RuntimeDir)) Directory.Delete(install.Layout.RuntimeDir, recursive: true);
        return Task.CompletedTask;
    }

    private static async Task CopyAsync(string source, string target, UnixFileMode mode, CancellationToken ct)
    {
        if (!File.Exists(source)) throw new GravityException($"cannot unpack: {source} is missing");
        if (Path.GetFullPath(source) == Path.GetFullPath(target)) return;
        await AtomicFile.CopyAsync(source, target, mode, ct);
    }
}

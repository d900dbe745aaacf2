using Gravity.Cluster.Etcd;
using Gravity.Cluster.Plans;

namespace Gravity.Cluster.Operations.Upgrade.Executors;

/// <summary>
/// etcd/backup/&lt;master&gt;, on the master: a snapshot of its etcd member (etcd's own snapshot format, which
/// `etcdutl snapshot restore` reads), kept in the node's state folder (<see cref="Nodes.StateFolder.UpgradeKeep"/>)
/// until the operation's clean-up. Written to a temporary file and renamed, so a kept snapshot is always whole.
/// Rolling back leaves it: a backup does no harm and may be what the operator needs.
/// </summary>
public sealed class EtcdBackupExecutor(UpgradePhaseContext upgrade) : IPhaseExecutor
{
    public const string SnapshotFile = "etcd.snapshot";

    public static string SnapshotPath(Nodes.StateFolder folder, string operationId) => Path.Combine(folder.UpgradeKeep(operationId), SnapshotFile);

    public async Task ExecuteAsync(PhaseContext context, CancellationToken ct)
    {
        var node = upgrade.NodeOf(context);
        var path = SnapshotPath(node.Folder, context.Plan.OperationId);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var partial = path + ".part";
        using var etcd = new EtcdGrpcClient(node.EtcdOptions());
        long bytes;
        await using (var file = new FileStream(partial, new FileStreamOptions
                     {
                         Mode = FileMode.Create, Access = FileAccess.Write, UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
                     }))
        {
            bytes = await etcd.SnapshotAsync(file, ct);
            await file.FlushAsync(ct);
            file.Flush(flushToDisk: true);
        }
        File.Move(partial, path, overwrite: true);
        context.Log($"etcd of node {node.NodeName} saved to {path} ({bytes} bytes)");
    }

    public Task RollbackAsync(PhaseContext context, CancellationToken ct) => Task.CompletedTask;
}

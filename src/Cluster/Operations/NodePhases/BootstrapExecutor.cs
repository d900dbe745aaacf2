using Gravity.Cluster.Nodes;
using Gravity.Cluster.Plans;
using Gravity.Cluster.Runtime;
using Gravity.Core.Processes;

namespace Gravity.Cluster.Operations.NodePhases;

/// <summary>
/// /bootstrap: the state folders. What root runs, reads or writes (bin, site, logs, run, containerd) is root's and
/// writable by root alone; only the data folders of the services that run as the service user are that user's.
/// </summary>
public sealed class BootstrapExecutor(NodeSettings node) : IPhaseExecutor
{
    public async Task ExecuteAsync(PhaseContext context, CancellationToken ct)
    {
        await ServiceUserFiles.KeepRootsAsync(RootFolders());
        var owner = $"{node.ServiceUid}:{node.ServiceGid}";
        foreach (var dir in node.Folder.ServiceUserFolders)
        {
            Directory.CreateDirectory(dir);
            // Only root may give files away; as another user the folders simply stay that user's.
            if (Environment.IsPrivilegedProcess)
                await ProcessRunner.RunCheckedAsync("chown", ["-R", owner, "--", dir], ct: ct);
        }
    }

    public Task RollbackAsync(PhaseContext context, CancellationToken ct)
    {
        foreach (var dir in RootFolders().Concat(node.Folder.ServiceUserFolders).Reverse())
            if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        return Task.CompletedTask;
    }

    private IReadOnlyList<string> RootFolders() => node.Folder.RootFolders;
}

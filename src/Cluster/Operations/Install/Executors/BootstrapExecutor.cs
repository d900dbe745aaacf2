using Gravity.Cluster.Plans;
using Gravity.Cluster.Runtime;
using Gravity.Core.Processes;

namespace Gravity.Cluster.Operations.Install.Executors;

/// <summary>
/// /bootstrap: the state folders. What root runs, reads or writes (bin, site, logs, run, containerd) is root's and
/// writable by root alone; only the data folders of the services that run as the service user are that user's.
/// </summary>
public sealed class BootstrapExecutor(InstallPhaseContext install) : IPhaseExecutor
{
    public async Task ExecuteAsync(PhaseContext context, CancellationToken ct)
    {
        await ServiceUserFiles.KeepRootsAsync(RootFolders());
        var owner = $"{install.Config.Node.ServiceUid}:{install.Config.Node.ServiceGid}";
        foreach (var dir in install.Layout.ServiceUserFolders)
        {
            Directory.CreateDirectory(dir);
            // Only root may give files away; as another user the folders simply stay that user's.
            if (Environment.IsPrivilegedProcess)
                await ProcessRunner.RunCheckedAsync("chown", ["-R", owner, "--", dir], ct: ct);
        }
    }

    public Task RollbackAsync(PhaseContext context, CancellationToken ct)
    {
        foreach (var dir in RootFolders().Concat(install.Layout.ServiceUserFolders).Reverse())
            if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        return Task.CompletedTask;
    }

    private IReadOnlyList<string> RootFolders() => install.Layout.RootFolders;
}

using Gravity.Cluster.Plans;
using Gravity.Core.Processes;

namespace Gravity.Cluster.Operations.Executors;

/// <summary>/bootstrap: the state folders, owned by the service user so the services can write their data.</summary>
public sealed class BootstrapExecutor(InstallPhaseContext install) : IPhaseExecutor
{
    public async Task ExecuteAsync(PhaseContext context, CancellationToken ct)
    {
        var owner = $"{install.Config.ServiceUid}:{install.Config.ServiceGid}";
        foreach (var dir in Folders())
        {
            Directory.CreateDirectory(dir);
            // Only root may give files away; as another user the folders simply stay that user's.
            if (Environment.IsPrivilegedProcess)
                await ProcessRunner.RunCheckedAsync("chown", ["-R", owner, dir], ct: ct);
        }
    }

    public Task RollbackAsync(PhaseContext context, CancellationToken ct)
    {
        foreach (var dir in Folders().Reverse())
            if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        return Task.CompletedTask;
    }

    private IEnumerable<string> Folders() => install.Layout.ServiceFolders.Concat(install.Runtime.ServiceFolders(install.Config)).Distinct();
}

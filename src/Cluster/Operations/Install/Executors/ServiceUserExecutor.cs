using Gravity.Cluster.Plans;

namespace Gravity.Cluster.Operations.Install.Executors;

/// <summary>/configure/service-user: the user and group the services run as, created when missing (and then removed by rollback or leave).</summary>
public sealed class ServiceUserExecutor(InstallPhaseContext install) : IPhaseExecutor
{
    public async Task ExecuteAsync(PhaseContext context, CancellationToken ct)
    {
        var created = await ServiceUser.EnsureAsync(install.Config.Node.ServiceUid, install.Config.Node.ServiceGid, ct);
        if (created.Count == 0) return;
        Directory.CreateDirectory(install.Layout.Local);
        // Appended, not overwritten: a re-run after a crash must not forget what the first run created.
        await File.AppendAllLinesAsync(install.Layout.CreatedUserMarker, created, ct);
        context.Log("created " + string.Join(", ", created));
    }

    public Task RollbackAsync(PhaseContext context, CancellationToken ct) => ServiceUser.RemoveCreatedAsync(install.Layout.CreatedUserMarker, ct);
}

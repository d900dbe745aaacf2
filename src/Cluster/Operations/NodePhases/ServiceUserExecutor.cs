using Gravity.Cluster.Nodes;
using Gravity.Cluster.Plans;

namespace Gravity.Cluster.Operations.NodePhases;

/// <summary>/configure/service-user: the user and group the services run as, created when missing (and then removed by rollback or leave).</summary>
public sealed class ServiceUserExecutor(NodeSettings node) : IPhaseExecutor
{
    public async Task ExecuteAsync(PhaseContext context, CancellationToken ct)
    {
        var created = await ServiceUser.EnsureAsync(node.ServiceUid, node.ServiceGid, ct);
        if (created.Count == 0) return;
        Directory.CreateDirectory(node.Folder.Local);
        // Appended, not overwritten: a re-run after a crash must not forget what the first run created.
        await File.AppendAllLinesAsync(node.Folder.CreatedUserMarker, created, ct);
        context.Log("created " + string.Join(", ", created));
    }

    public Task RollbackAsync(PhaseContext context, CancellationToken ct) => ServiceUser.RemoveCreatedAsync(node.Folder.CreatedUserMarker, ct);
}

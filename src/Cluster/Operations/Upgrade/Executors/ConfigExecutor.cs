using Gravity.Cluster.Plans;
using Gravity.Cluster.State;
using Gravity.Core;

namespace Gravity.Cluster.Operations.Upgrade.Executors;

/// <summary>
/// /config: the cluster's record names the new version of its application (what `gravity status` shows and joins
/// install); rollback names the old one again. Only the application changes: whatever else the record holds now is kept.
/// </summary>
public sealed class ConfigExecutor(UpgradePhaseContext upgrade) : IPhaseExecutor
{
    public Task ExecuteAsync(PhaseContext context, CancellationToken ct) => SetVersionAsync(context, upgrade.Config.ToVersion, ct);

    public Task RollbackAsync(PhaseContext context, CancellationToken ct) => SetVersionAsync(context, upgrade.Config.FromVersion, ct);

    private async Task SetVersionAsync(PhaseContext context, string version, CancellationToken ct)
    {
        using var etcd = upgrade.LocalEtcd();
        var store = new ClusterStateStore(etcd);
        var cluster = await store.GetClusterAsync(ct) ?? throw new GravityException("the cluster has no record in etcd");
        if (cluster.Application.Name != upgrade.Config.AppName)
            throw new GravityException($"the cluster runs application {cluster.Application.Name}, not {upgrade.Config.AppName} that this upgrade is for");
        await store.PutClusterAsync(cluster with { Application = cluster.Application with { Version = version } }, ct);
        context.Log($"cluster {cluster.Name} records {upgrade.Config.AppName} {version}");
    }
}

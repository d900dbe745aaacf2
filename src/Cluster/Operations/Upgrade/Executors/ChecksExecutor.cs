using Gravity.Cluster.Plans;
using Gravity.Cluster.State;
using Gravity.Core;

namespace Gravity.Cluster.Operations.Upgrade.Executors;

/// <summary>/checks: the new version's requirements against the cluster's node records (<see cref="UpgradeRequirements"/>), read again now.</summary>
public sealed class ChecksExecutor(UpgradePhaseContext upgrade) : IPhaseExecutor
{
    public async Task ExecuteAsync(PhaseContext context, CancellationToken ct)
    {
        using var etcd = upgrade.LocalEtcd();
        var nodes = await new ClusterStateStore(etcd).ListNodesAsync(ct);
        var unmet = UpgradeRequirements.Unmet(upgrade.NewManifest(), upgrade.Head(upgrade.Config.FromVersion), upgrade.Head(upgrade.Config.ToVersion), nodes);
        if (unmet.Count > 0)
            throw new GravityException($"the cluster does not meet the requirements of {upgrade.Config.AppName} {upgrade.Config.ToVersion}: {string.Join("; ", unmet)}");
        context.Log($"{nodes.Count} node(s) meet the requirements of {upgrade.Config.AppName} {upgrade.Config.ToVersion}");
    }

    public Task RollbackAsync(PhaseContext context, CancellationToken ct) => Task.CompletedTask;
}

using Gravity.Cluster.Nodes;
using Gravity.Cluster.Operations.Upgrade.NodeSwitch;
using Gravity.Cluster.Plans;

namespace Gravity.Cluster.Operations.Upgrade.Executors;

/// <summary>
/// system-upgrade, on the node (through its update agent, never its node agent, which it restarts): the node's agent
/// and services restart on the staged runtime and gravity binary and must become healthy; the old ones are kept.
/// Rollback returns the node to them (<see cref="NodeSystemUpgrade"/>).
/// </summary>
public sealed class SystemUpgradeExecutor(UpgradePhaseContext upgrade, TimeSpan? healthTimeout = null) : IPhaseExecutor
{
    public Task ExecuteAsync(PhaseContext context, CancellationToken ct)
        => For(upgrade, upgrade.NodeOf(context)).SwitchAsync(healthTimeout ?? HealthExecutor.DefaultTimeout, context.Log, ct);

    public Task RollbackAsync(PhaseContext context, CancellationToken ct)
        => For(upgrade, upgrade.NodeOf(context)).SwitchBackAsync(healthTimeout ?? HealthExecutor.DefaultTimeout, context.Log, ct);

    /// <summary>The node's upgrade between the operation's two versions' folders on that node.</summary>
    public static NodeSystemUpgrade For(UpgradePhaseContext upgrade, NodeSettings node)
        => new(node, upgrade.Runtime, node.Folder.AppDir(upgrade.Config.AppName, upgrade.Config.FromVersion), node.Folder.AppDir(upgrade.Config.AppName, upgrade.Config.ToVersion));
}

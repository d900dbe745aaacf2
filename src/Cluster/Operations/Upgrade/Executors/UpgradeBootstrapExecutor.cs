using Gravity.Cluster.Operations.Upgrade.NodeSwitch;
using Gravity.Cluster.Plans;
using Gravity.Core;
using Gravity.Oci.Registry;

namespace Gravity.Cluster.Operations.Upgrade.Executors;

/// <summary>
/// bootstrap/&lt;node&gt;, on the node: stages the new version's runtime package (from the cluster registry: the
/// master's own, a regular node's upstream master's) and gravity binary beside the running ones
/// (<see cref="NodeSystemUpgrade.StageAsync"/>). Rollback removes what was staged.
/// </summary>
public sealed class UpgradeBootstrapExecutor(UpgradePhaseContext upgrade) : IPhaseExecutor
{
    public async Task ExecuteAsync(PhaseContext context, CancellationToken ct)
    {
        var node = upgrade.NodeOf(context);
        var system = SystemUpgradeExecutor.For(upgrade, node);
        var registry = node.Master ? node.RegistryAddress
            : node.UpstreamRegistry ?? throw new GravityException($"regular node {node.NodeName} records no master registry (UpstreamRegistry) to pull the new runtime package from");
        using var client = new RegistryClient(upgrade.Runtime.ClusterRegistryOptions(node));
        var staged = await system.StageAsync(client, registry, context.Log, ct);
        context.Log(staged.Count > 0 ? $"staged on node {node.NodeName}: {string.Join(", ", staged)}" : $"nothing to stage on node {node.NodeName}");
    }

    public Task RollbackAsync(PhaseContext context, CancellationToken ct)
        => SystemUpgradeExecutor.For(upgrade, upgrade.NodeOf(context)).UnstageAsync(ct);
}

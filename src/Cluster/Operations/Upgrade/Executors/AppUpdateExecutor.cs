using Gravity.Cluster.Operations.Hooks;
using Gravity.Cluster.Plans;
using Gravity.Core;
using Gravity.Manifest;

namespace Gravity.Cluster.Operations.Upgrade.Executors;

/// <summary>
/// /app/&lt;app&gt;: the new version's update hook, then its postUpdate hook, as Jobs through the initiator's
/// Kubernetes (<see cref="ApplicationHooks"/>; a hook completed in this operation is not run again on resume).
/// Rollback runs the new version's rollback hook, then postRollback. A version without these hooks: a logged no-op.
/// </summary>
public sealed class AppUpdateExecutor(UpgradePhaseContext upgrade, TimeProvider? time = null) : IPhaseExecutor
{
    public static readonly string[] UpdateHooks = ["update", "postUpdate"];
    public static readonly string[] RollbackHooks = ["rollback", "postRollback"];

    public Task ExecuteAsync(PhaseContext context, CancellationToken ct) => RunAsync(context, UpdateHooks, ct);

    public Task RollbackAsync(PhaseContext context, CancellationToken ct) => RunAsync(context, RollbackHooks, ct);

    private async Task RunAsync(PhaseContext context, string[] hooks, CancellationToken ct)
    {
        var config = upgrade.Config;
        var manifest = upgrade.NewManifest();
        var defined = hooks.Where(h => manifest.FindHook(h) is not null).ToList();
        if (defined.Count == 0)
        {
            context.Log($"{config.AppName} {config.ToVersion} has no {string.Join(" or ", hooks)} hook");
            return;
        }
        var node = upgrade.Initiator();
        using var api = NodeKubernetes.TryConnect(node.Folder)
            ?? throw new GravityException($"{config.AppName} {config.ToVersion} defines the {string.Join(", ", defined)} hook(s), which need Kubernetes: this node has none ({node.Folder.AdminKubeconfig} is missing)");
        var completed = new CompletedHooks(node.Folder, context.Plan.OperationId);
        var runner = new ApplicationHooks(api, node, config.AppName, config.ToVersion, time ?? TimeProvider.System);
        foreach (var hook in defined)
        {
            if (completed.Contains(hook))
            {
                context.Log($"hook {hook} has completed already in this operation: not run again");
                continue;
            }
            await runner.RunAsync(manifest, hook, context.Log, ct, context.Plan.OperationId);
            await completed.AddAsync(hook);
        }
    }
}

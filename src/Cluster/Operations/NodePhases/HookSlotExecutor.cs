using Gravity.Cluster.Nodes;
using Gravity.Cluster.Operations.Hooks;
using Gravity.Cluster.Plans;
using Gravity.Core;
using Gravity.Manifest;

namespace Gravity.Cluster.Operations.NodePhases;

/// <summary>
/// The slot of an application hook in a plan (preNodeAdd, postNodeAdd, preNodeRemove, postNodeRemove): the hook runs as
/// a Kubernetes Job through the Kubernetes API of <c>node</c> (its admin kubeconfig, <see cref="NodeKubernetes"/>), its
/// log in the phase's; a hook that completed in this operation is not run again on resume. On a node without Kubernetes
/// an application that defines the hook is refused (the commands refuse it before anything changes already).
/// </summary>
public sealed class HookSlotExecutor(Func<AppManifest> manifest, string hook, Func<NodeSettings> node, string appName, string appVersion, TimeProvider? time = null)
    : IPhaseExecutor
{
    public async Task ExecuteAsync(PhaseContext context, CancellationToken ct)
    {
        var app = manifest();
        if (app.FindHook(hook) is null)
        {
            context.Log($"the application has no {hook} hook");
            return;
        }
        var settings = node();
        using var api = NodeKubernetes.TryConnect(settings.Folder)
            ?? throw new GravityException($"the application defines a {hook} hook, which needs Kubernetes: this node has none ({settings.Folder.AdminKubeconfig} is missing), so it cannot run it");
        var completed = new CompletedHooks(settings.Folder, context.Plan.OperationId);
        if (completed.Contains(hook))
        {
            context.Log($"hook {hook} has completed already in this operation: not run again");
            return;
        }
        await new ApplicationHooks(api, settings, appName, appVersion, time ?? TimeProvider.System).RunAsync(app, hook, context.Log, ct, context.Plan.OperationId);
        await completed.AddAsync(hook);
    }

    public Task RollbackAsync(PhaseContext context, CancellationToken ct) => Task.CompletedTask;
}

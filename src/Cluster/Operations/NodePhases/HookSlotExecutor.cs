using Gravity.Cluster.Plans;
using Gravity.Core;
using Gravity.Manifest;

namespace Gravity.Cluster.Operations.NodePhases;

/// <summary>
/// The slot of an application hook in a plan (preNodeAdd, postNodeAdd, preNodeRemove, postNodeRemove). Hooks are
/// Kubernetes jobs and this runtime has no Kubernetes: the commands refuse an application that defines the hook before
/// anything changes, so here the phase only confirms there is none (the Kubernetes runtime runs them in this slot).
/// </summary>
public sealed class HookSlotExecutor(Func<AppManifest> manifest, string hook) : IPhaseExecutor
{
    public Task ExecuteAsync(PhaseContext context, CancellationToken ct)
    {
        if (manifest().FindHook(hook) is not null)
            throw new GravityException($"the application defines a {hook} hook, which needs a Kubernetes runtime: this runtime cannot run it");
        context.Log($"the application has no {hook} hook");
        return Task.CompletedTask;
    }

    public Task RollbackAsync(PhaseContext context, CancellationToken ct) => Task.CompletedTask;
}

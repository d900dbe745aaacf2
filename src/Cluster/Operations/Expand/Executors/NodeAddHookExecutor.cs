using Gravity.Cluster.Plans;
using Gravity.Core;

namespace Gravity.Cluster.Operations.Expand.Executors;

/// <summary>
/// /pre-node-add and /post-node-add: the application's preNodeAdd/postNodeAdd hook. Hooks are Kubernetes jobs, and this
/// runtime has no Kubernetes: `gravity join` refuses an application that defines one before anything changes, so here
/// the phase only confirms there is none (the Kubernetes runtime runs them in this slot).
/// </summary>
public sealed class NodeAddHookExecutor(ExpandPhaseContext join, string hook) : IPhaseExecutor
{
    public Task ExecuteAsync(PhaseContext context, CancellationToken ct)
    {
        if (join.Manifest().FindHook(hook) is not null)
            throw new GravityException($"the application defines a {hook} hook, which needs a Kubernetes runtime: this runtime cannot run it");
        context.Log($"the application has no {hook} hook");
        return Task.CompletedTask;
    }

    public Task RollbackAsync(PhaseContext context, CancellationToken ct) => Task.CompletedTask;
}

using Gravity.Cluster.Nodes;
using Gravity.Kubernetes.Hooks;

namespace Gravity.Cluster.Operations.Hooks;

/// <summary>
/// Runs a hook of the node's application outside an operation's plan (`gravity start`/`stop`, `leave --force`, the
/// agent's status hook): nothing to do when the application does not define it; on a node without Kubernetes the hook
/// cannot run, which is said in the log.
/// </summary>
public static class NodeHookCaller
{
    /// <summary>The hook's result, or null when it did not run (no such hook, no application, no Kubernetes on the node).</summary>
    public static async Task<HookResult?> RunAsync(NodeSettings node, string hook, Action<string> log, TimeProvider time, CancellationToken ct)
    {
        if (InstalledApplication.Find(node.Folder) is not { } app || app.Manifest.FindHook(hook) is null) return null;
        using var api = NodeKubernetes.TryConnect(node.Folder);
        if (api is null)
        {
            log($"the application's {hook} hook needs Kubernetes and this node has none ({node.Folder.AdminKubeconfig} is missing): not run");
            return null;
        }
        return await new ApplicationHooks(api, node, app.Name, app.Version, time).RunAsync(app.Manifest, hook, log, ct);
    }
}

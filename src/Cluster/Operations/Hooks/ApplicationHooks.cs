using Gravity.Cluster.Nodes;
using Gravity.Core;
using Gravity.Kubernetes;
using Gravity.Kubernetes.Hooks;
using Gravity.Manifest;
using k8s;
using k8s.Autorest;

namespace Gravity.Cluster.Operations.Hooks;

/// <summary>
/// Runs the application's hooks of one node as Kubernetes Jobs (<see cref="HookJobBuilder"/>, <see cref="HookRunner"/>):
/// the application's resources as the node keeps them (site/apps/NAME/VERSION/resources), kubectl and helm of the
/// runtime package, the service user and the values of kube-system/cluster-info (backup and restore also the node's
/// backup folder, <see cref="StateFolder.Backup"/>). The provisioning hooks belong to a Hub
/// that provisions clusters: they are kept in the manifest, never run here.
/// </summary>
public sealed class ApplicationHooks(KubernetesApiConnection api, NodeSettings node, string appName, string appVersion, TimeProvider time)
{
    public string ResourcesDir => Path.Combine(node.Folder.AppDir(appName, appVersion), "resources");

    /// <summary>Runs <paramref name="hook"/> to its end, its log lines to <paramref name="log"/>; null when the application has no such hook.</summary>
    /// <param name="operationId">The operation the hook runs in: its Job is named after it, so that a resumed operation follows the Job a killed run started.</param>
    /// <param name="deadline">Replaces the job's activeDeadlineSeconds (gravity backup/restore --timeout).</param>
    public async Task<HookResult?> RunAsync(AppManifest manifest, string hook, Action<string> log, CancellationToken ct, string? operationId = null, TimeSpan? deadline = null)
    {
        if (ManifestValues.ProvisioningHooks.Contains(hook))
            throw new GravityException($"the {hook} hook provisions infrastructure through a Hub: a cluster does not run it");
        if (manifest.FindHook(hook) is not { } spec) return null;
        Directory.CreateDirectory(ResourcesDir); // an application without resources still gets the (empty) folder mounted
        var context = new HookJobContext(ResourcesDir, node.Folder.RuntimeBinary("kubectl"), node.Folder.RuntimeBinary("helm"),
            node.ServiceUid, await ClusterInfoAsync(ct), BackupDir: HookJobBuilder.BackupHooks.Contains(hook) ? node.Folder.Backup : null);
        var job = HookJobBuilder.Build(hook, spec.Job, context, operationId: operationId, deadline: deadline);
        var gate = new object();
        // The runner follows every container's log at once; the phase's log takes one line at a time.
        return await new HookRunner(api, time).RunAsync(hook, job, line => { lock (gate) log(line); }, ct);
    }

    private async Task<IReadOnlyDictionary<string, string>> ClusterInfoAsync(CancellationToken ct)
    {
        try
        {
            var map = await api.CoreV1.ReadNamespacedConfigMapAsync(ClusterInfoConfigMap.Name, ClusterInfoConfigMap.Namespace, cancellationToken: ct);
            return map.Data is { } data ? new Dictionary<string, string>(data) : new Dictionary<string, string>();
        }
        catch (HttpOperationException ex) when (ex.Response.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return new Dictionary<string, string> { [ClusterInfoConfigMap.ClusterNameKey] = node.ClusterName };
        }
    }
}

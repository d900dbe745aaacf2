using k8s;
using k8s.Autorest;

namespace Gravity.Kubernetes.Hooks;

/// <summary>
/// The hook Jobs an operation kept for diagnosis (<see cref="HookJobBuilder.OperationAnnotation"/>): deleted with their
/// pods once the operation has completed. Jobs of other operations, and Jobs no hook created, are left alone.
/// </summary>
public static class OperationHookJobs
{
    /// <returns>The Jobs deleted, as namespace/name.</returns>
    public static async Task<IReadOnlyList<string>> DeleteAsync(KubernetesApiConnection api, string operationId, CancellationToken ct)
    {
        var jobs = await api.BatchV1.ListJobForAllNamespacesAsync(labelSelector: HookJobBuilder.HookLabel, cancellationToken: ct);
        var deleted = new List<string>();
        foreach (var job in jobs.Items)
        {
            if (job.Metadata.Annotations?.TryGetValue(HookJobBuilder.OperationAnnotation, out var operation) != true || operation != operationId) continue;
            try
            {
                await api.BatchV1.DeleteNamespacedJobAsync(job.Metadata.Name, job.Metadata.NamespaceProperty, propagationPolicy: "Background", cancellationToken: ct);
            }
            catch (HttpOperationException ex) when (ex.Response.StatusCode == System.Net.HttpStatusCode.NotFound)
            {
            }
            deleted.Add($"{job.Metadata.NamespaceProperty}/{job.Metadata.Name}");
        }
        return deleted;
    }
}

using System.Net;
using Gravity.Core;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Gravity.Kubernetes.Nodes;

/// <summary>
/// Drains a node as `kubectl drain --ignore-daemonsets --delete-emptydir-data --force` does, which is what Gravity ran:
/// cordons it, then evicts every pod bound to it through the eviction subresource (policy/v1 Eviction), so that
/// PodDisruptionBudgets are honoured, except DaemonSet pods (their controller would put them back at once) and mirror
/// pods (static pods of the kubelet, which the API cannot remove). An eviction a budget forbids (429) is tried again
/// until the timeout; then the drain waits until every evicted pod is gone (a pod of the same name and another uid
/// is a replacement). At the timeout it fails naming the node, the pods still on it and what holds each one.
/// </summary>
public sealed class NodeDrainer(KubernetesApiConnection api, TimeProvider time)
{
    public const string MirrorPodAnnotation = "kubernetes.io/config.mirror";
    private static readonly TimeSpan FirstRetry = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan LastRetry = TimeSpan.FromSeconds(5);

    public async Task DrainAsync(string node, TimeSpan timeout, Action<string>? log = null, CancellationToken ct = default)
    {
        var deadline = time.GetUtcNow() + timeout;
        if (await new NodeScheduling(api).CordonAsync(node, ct)) log?.Invoke($"node {node} cordoned");
        var pods = await ListAsync(node, ct);
        foreach (var skipped in pods.Where(p => !Evicted(p))) log?.Invoke($"not evicted: {Display(skipped)} ({WhyKept(skipped)})");

        // Pods still to evict, and why the last eviction of each was refused.
        var pending = pods.Where(Evicted).ToDictionary(Display, p => (Pod: p, Refusal: (string?)null));
        var evicted = new List<V1Pod>();
        var delay = FirstRetry;
        while (true)
        {
            foreach (var (name, entry) in pending.ToList())
            {
                var refusal = await EvictAsync(node, entry.Pod, ct);
                if (refusal is null)
                {
                    log?.Invoke($"evicted {name}");
                    evicted.Add(entry.Pod);
                    pending.Remove(name);
                }
                else
                {
                    if (entry.Refusal != refusal) log?.Invoke($"eviction of {name} refused, trying again until the drain's timeout: {refusal}");
                    pending[name] = (entry.Pod, refusal);
                }
            }
            var left = pending.Count > 0 ? [] : await StillThereAsync(evicted, ct);
            if (pending.Count == 0 && left.Count == 0)
            {
                log?.Invoke($"node {node} drained ({evicted.Count} pod(s) evicted)");
                return;
            }
            if (time.GetUtcNow() >= deadline)
            {
                var held = pending.Select(p => $"{p.Key} (eviction refused: {p.Value.Refusal})")
                    .Concat(left.Select(p => $"{Display(p)} (evicted, still terminating)"));
                throw new GravityException($"node {node} could not be drained within {Format(timeout)}: still on it: {string.Join("; ", held)}");
            }
            await Task.Delay(delay, time, ct);
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, LastRetry.Ticks));
        }
    }

    /// <summary>Whether the drain evicts this pod: all but DaemonSet pods and mirror pods.</summary>
    public static bool Evicted(V1Pod pod) => WhyKept(pod) is null;

    private static string? WhyKept(V1Pod pod)
    {
        if (pod.Metadata.Annotations?.ContainsKey(MirrorPodAnnotation) == true) return "a mirror pod of the kubelet";
        if (pod.Metadata.OwnerReferences?.Any(o => o.Controller == true && o.Kind == "DaemonSet") == true) return "managed by a DaemonSet";
        return null;
    }

    private async Task<IReadOnlyList<V1Pod>> ListAsync(string node, CancellationToken ct)
    {
        try
        {
            return (await api.CoreV1.ListPodForAllNamespacesAsync(fieldSelector: $"spec.nodeName={node}", cancellationToken: ct)).Items.ToList();
        }
        catch (HttpOperationException ex)
        {
            throw new GravityException($"cannot list the pods of node {node}: {KubernetesRefusal.Describe(ex)}", ex);
        }
    }

    /// <returns>null when the pod is evicted (or gone already); why not when a disruption budget (or the API's rate limit) refuses it now.</returns>
    private async Task<string?> EvictAsync(string node, V1Pod pod, CancellationToken ct)
    {
        var eviction = new V1Eviction
        {
            ApiVersion = "policy/v1", Kind = "Eviction",
            Metadata = new V1ObjectMeta { Name = pod.Metadata.Name, NamespaceProperty = pod.Metadata.NamespaceProperty },
            // Only this pod: one of that name created meanwhile is another pod, not ours to evict.
            DeleteOptions = new V1DeleteOptions { Preconditions = new V1Preconditions { Uid = pod.Metadata.Uid } },
        };
        try
        {
            await api.CoreV1.CreateNamespacedPodEvictionAsync(eviction, pod.Metadata.Name, pod.Metadata.NamespaceProperty, cancellationToken: ct);
            return null;
        }
        catch (HttpOperationException ex) when (ex.Response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
        catch (HttpOperationException ex) when (ex.Response.StatusCode == HttpStatusCode.Conflict && KubernetesRefusal.Status(ex)?["message"]?.ToString().Contains("UID", StringComparison.Ordinal) == true)
        {
            return null;   // the uid precondition failed: the pod we evict is gone, another of its name is there
        }
        catch (HttpOperationException ex) when (ex.Response.StatusCode == HttpStatusCode.TooManyRequests)
        {
            return Budget(ex);
        }
        catch (HttpOperationException ex)
        {
            throw new GravityException($"draining node {node}: the eviction of pod {Display(pod)} was refused: {KubernetesRefusal.Describe(ex)}", ex);
        }
    }

    /// <summary>The budget's own words ("The disruption budget db needs 2 healthy pods and has 2 currently"), else the API's message.</summary>
    private static string Budget(HttpOperationException ex)
    {
        var status = KubernetesRefusal.Status(ex);
        var causes = (status?["details"]?["causes"] as System.Text.Json.Nodes.JsonArray ?? [])
            .Select(c => c?["message"]?.ToString()).OfType<string>().ToList();
        if (causes.Count > 0) return string.Join("; ", causes);
        return status?["message"]?.ToString() ?? KubernetesRefusal.Describe(ex);
    }

    private async Task<IReadOnlyList<V1Pod>> StillThereAsync(IReadOnlyList<V1Pod> evicted, CancellationToken ct)
    {
        var left = new List<V1Pod>();
        foreach (var pod in evicted)
        {
            try
            {
                var current = await api.CoreV1.ReadNamespacedPodAsync(pod.Metadata.Name, pod.Metadata.NamespaceProperty, cancellationToken: ct);
                if (current.Metadata.Uid == pod.Metadata.Uid) left.Add(current);
            }
            catch (HttpOperationException ex) when (ex.Response.StatusCode == HttpStatusCode.NotFound)
            {
            }
        }
        return left;
    }

    private static string Display(V1Pod pod) => $"{pod.Metadata.NamespaceProperty}/{pod.Metadata.Name}";

    private static string Format(TimeSpan t) => t.TotalSeconds < 120 ? $"{t.TotalSeconds:0.#} s" : t.TotalMinutes < 120 ? $"{t.TotalMinutes:0.#} min" : $"{t.TotalHours:0.#} h";
}

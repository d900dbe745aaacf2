using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Gravity.Testing.Kubernetes;

/// <summary>
/// pods/NAME/log (container, follow, tailLines) from <see cref="KubernetesPodLogs"/>, and pods/NAME/eviction, which
/// deletes the pod unless a PodDisruptionBudget of its namespace that selects it has no disruption left (429). The
/// budget counts the pods it selects whose status.phase is Running as healthy (the real server reads the
/// disruption controller's status.disruptionsAllowed instead).
/// </summary>
public static class KubernetesPodSubresources
{
    private static readonly KubernetesResourceType Pods = KubernetesBuiltInTypes.All.Single(t => t.Kind == "Pod");
    private static readonly KubernetesResourceType Budgets = KubernetesBuiltInTypes.All.Single(t => t.Kind == "PodDisruptionBudget");

    public static async Task WriteLogAsync(HttpContext context, KubernetesObjectStore store, string ns, string name)
    {
        var pod = store.Get(Pods, ns, name) ?? throw KubernetesApiError.NotFound(Pods, name);
        var containers = (pod["spec"]?["containers"] as JsonArray ?? []).Concat(pod["spec"]?["initContainers"] as JsonArray ?? [])
            .Select(c => c?["name"]?.GetValue<string>()).OfType<string>().ToList();
        var container = context.Request.Query["container"].ToString();
        if (container.Length == 0)
        {
            var main = (pod["spec"]?["containers"] as JsonArray ?? []).Select(c => c?["name"]?.GetValue<string>()).OfType<string>().ToList();
            if (main.Count != 1)
                throw KubernetesApiError.BadRequest($"a container name must be specified for pod {name}, choose one of: [{string.Join(' ', main)}]");
            container = main[0];
        }
        else if (!containers.Contains(container))
            throw KubernetesApiError.BadRequest($"container {container} is not valid for pod {name}");

        var follow = context.Request.Query["follow"] == "true";
        context.Response.StatusCode = 200;
        context.Response.ContentType = "text/plain";
        var (text, complete, changed) = store.Logs.Read(ns, name, container);
        var offset = text.Length;
        if (int.TryParse(context.Request.Query["tailLines"], NumberStyles.None, CultureInfo.InvariantCulture, out var tail))
            text = string.Join('\n', text.Split('\n').TakeLast(tail + (text.EndsWith('\n') ? 1 : 0)));
        await context.Response.WriteAsync(text, context.RequestAborted);
        while (follow && !complete && !context.RequestAborted.IsCancellationRequested)
        {
            await context.Response.Body.FlushAsync(context.RequestAborted);
            try { await changed.WaitAsync(context.RequestAborted); }
            catch (OperationCanceledException) { return; }
            (text, complete, changed) = store.Logs.Read(ns, name, container, offset);
            offset += text.Length;
            await context.Response.WriteAsync(text, context.RequestAborted);
        }
    }

    public static JsonObject Evict(KubernetesObjectStore store, string ns, string name, bool dryRun)
    {
        var pod = store.Get(Pods, ns, name) ?? throw KubernetesApiError.NotFound(Pods, name);
        var labels = pod["metadata"]?["labels"] as JsonObject;
        foreach (var budget in store.List(Budgets, ns).Items)
        {
            if (!KubernetesSelector.Matches(budget["spec"]?["selector"] as JsonObject, labels)) continue;
            var selected = store.List(Pods, ns, p => KubernetesSelector.Matches(budget["spec"]!["selector"] as JsonObject, p["metadata"]?["labels"] as JsonObject)).Items;
            var healthy = selected.Count(p => p["status"]?["phase"]?.GetValue<string>() == "Running");
            var allowed = budget["spec"]?["minAvailable"] is { } min ? healthy - Count(min, selected.Count, roundUp: true)
                : budget["spec"]?["maxUnavailable"] is { } max ? Count(max, selected.Count, roundUp: true) - (selected.Count - healthy)
                : int.MaxValue;
            if (allowed <= 0)
                throw new KubernetesApiError(429, "TooManyRequests", "Cannot evict pod as it would violate the pod's disruption budget.", Pods, name);
        }
        store.Delete(Pods, ns, name, dryRun);
        return new JsonObject { ["kind"] = "Status", ["apiVersion"] = "v1", ["metadata"] = new JsonObject(), ["status"] = "Success", ["code"] = 201 };
    }

    private static int Count(JsonNode value, int total, bool roundUp)
    {
        if (value is JsonValue v && v.TryGetValue<int>(out var number)) return number;
        var text = value.ToString().TrimEnd('%');
        var percent = double.Parse(text, CultureInfo.InvariantCulture);
        return (int)(roundUp ? Math.Ceiling(total * percent / 100) : Math.Floor(total * percent / 100));
    }
}

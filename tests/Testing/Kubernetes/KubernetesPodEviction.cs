using System.Globalization;
using System.Text.Json.Nodes;

namespace Gravity.Testing.Kubernetes;

/// <summary>
/// POST pods/NAME/eviction (a policy/v1 Eviction): deletes the pod unless the PodDisruptionBudget of its namespace that
/// selects it has no disruption left, which is 429 TooManyRequests with the real server's message and its
/// DisruptionBudget cause ("The disruption budget NAME needs N healthy pods and has M currently"). Simpler than the
/// real server: the budget is computed from the pods at the time of the request instead of the disruption
/// controller's status: healthy are the selected pods that are Running with condition Ready=True, and the expected
/// count (what a percentage and maxUnavailable refer to) is the number of selected pods, not their controller's scale.
/// As on the real server, a pod that is Pending, has ended or is being deleted is evicted whatever the budget; two
/// budgets selecting the pod are a 500; the Eviction's deleteOptions.preconditions.uid is honoured (409).
/// </summary>
public static class KubernetesPodEviction
{
    private static readonly KubernetesResourceType Pods = KubernetesBuiltInTypes.All.Single(t => t.Kind == "Pod");
    private static readonly KubernetesResourceType Budgets = KubernetesBuiltInTypes.All.Single(t => t.Kind == "PodDisruptionBudget");

    public static JsonObject Evict(KubernetesObjectStore store, string ns, string name, JsonNode? eviction, bool dryRun)
    {
        var pod = store.Get(Pods, ns, name) ?? throw KubernetesApiError.NotFound(Pods, name);
        if (eviction?["deleteOptions"]?["preconditions"]?["uid"]?.GetValue<string>() is { } uid && uid != pod["metadata"]!["uid"]!.GetValue<string>())
            throw KubernetesApiError.Conflict(Pods, name, $"Precondition failed: UID in precondition: {uid}, UID in object meta: {pod["metadata"]!["uid"]}");
        if (!Disruptive(pod))
        {
            store.Delete(Pods, ns, name, dryRun);
            return Success();
        }
        var labels = pod["metadata"]?["labels"] as JsonObject;
        var budgets = store.List(Budgets, ns).Items.Where(b => KubernetesSelector.Matches(b["spec"]?["selector"] as JsonObject, labels)).ToList();
        if (budgets.Count > 1)
            throw new KubernetesApiError(500, "InternalError", "This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.");
        if (budgets is [var budget])
        {
            var selector = budget["spec"]!["selector"] as JsonObject;
            var selected = store.List(Pods, ns, p => KubernetesSelector.Matches(selector, p["metadata"]?["labels"] as JsonObject)).Items;
            var healthy = selected.Count(Healthy);
            var desired = budget["spec"]?["minAvailable"] is { } min ? Count(min, selected.Count)
                : budget["spec"]?["maxUnavailable"] is { } max ? Math.Max(0, selected.Count - Count(max, selected.Count))
                : 0;
            if (healthy - desired <= 0)
                throw new KubernetesApiError(429, "TooManyRequests", "Cannot evict pod as it would violate the pod's disruption budget.")
                {
                    Causes = [new JsonObject
                    {
                        ["reason"] = "DisruptionBudget",
                        ["message"] = $"The disruption budget {budget["metadata"]!["name"]} needs {desired} healthy pods and has {healthy} currently",
                    }],
                };
        }
        store.Delete(Pods, ns, name, dryRun);
        return Success();
    }

    /// <summary>Whether evicting the pod counts against a budget: not when Pending, Succeeded, Failed or already being deleted.</summary>
    private static bool Disruptive(JsonObject pod)
        => pod["metadata"]?["deletionTimestamp"] is null && pod["status"]?["phase"]?.GetValue<string>() is not ("Pending" or "Succeeded" or "Failed" or null);

    private static bool Healthy(JsonObject pod)
        => pod["status"]?["phase"]?.GetValue<string>() == "Running" && pod["metadata"]?["deletionTimestamp"] is null
           && (pod["status"]?["conditions"] as JsonArray ?? []).Any(c => c?["type"]?.GetValue<string>() == "Ready" && c["status"]?.GetValue<string>() == "True");

    /// <summary>An IntOrString of a budget: a number, or a percentage of <paramref name="total"/> rounded up (as the disruption controller does).</summary>
    private static int Count(JsonNode value, int total)
    {
        if (value is JsonValue v && v.TryGetValue<int>(out var number)) return number;
        var percent = double.Parse(value.ToString().TrimEnd('%'), CultureInfo.InvariantCulture);
        return (int)Math.Ceiling(total * percent / 100);
    }

    private static JsonObject Success() => new() { ["kind"] = "Status", ["apiVersion"] = "v1", ["metadata"] = new JsonObject(), ["status"] = "Success", ["code"] = 201 };
}

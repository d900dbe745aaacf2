using System.Text.Json.Nodes;

namespace Gravity.Testing.Kubernetes;

/// <summary>
/// Objects a test puts straight into the double's store as the cluster's controllers would have left them: a node its
/// kubelet registered, a pod bound to a node that is Running and Ready (optionally owned by a controller), a budget.
/// </summary>
public static class KubernetesStoreSeed
{
    public static readonly KubernetesResourceType Node = Kind("Node");
    public static readonly KubernetesResourceType Pod = Kind("Pod");
    public static readonly KubernetesResourceType Budget = Kind("PodDisruptionBudget");

    public static JsonObject AddNode(this KubernetesObjectStore store, string name, IReadOnlyDictionary<string, string>? labels = null) => store.Create(Node, null, new JsonObject
    {
        ["metadata"] = new JsonObject { ["name"] = name, ["labels"] = Labels(labels ?? new Dictionary<string, string> { ["kubernetes.io/hostname"] = name }) },
        ["spec"] = new JsonObject(),
        ["status"] = new JsonObject { ["conditions"] = new JsonArray(new JsonObject { ["type"] = "Ready", ["status"] = "True" }) },
    });

    /// <param name="owner">The kind of the pod's controller (ReplicaSet, DaemonSet...), or null for a bare pod.</param>
    public static JsonObject AddRunningPod(this KubernetesObjectStore store, string ns, string name, string node,
        IReadOnlyDictionary<string, string>? labels = null, string? owner = null, IReadOnlyDictionary<string, string>? annotations = null)
    {
        var metadata = new JsonObject { ["name"] = name, ["labels"] = Labels(labels ?? new Dictionary<string, string>()) };
        if (annotations is not null) metadata["annotations"] = Labels(annotations);
        if (owner is not null)
            metadata["ownerReferences"] = new JsonArray(new JsonObject
            {
                ["apiVersion"] = "apps/v1", ["kind"] = owner, ["name"] = $"{name}-owner", ["uid"] = Guid.NewGuid().ToString(), ["controller"] = true,
            });
        var created = store.Create(Pod, ns, new JsonObject
        {
            ["metadata"] = metadata,
            ["spec"] = new JsonObject { ["nodeName"] = node, ["containers"] = new JsonArray(new JsonObject { ["name"] = "main", ["image"] = "app:1" }) },
        });
        created["status"] = new JsonObject
        {
            ["phase"] = "Running",
            ["conditions"] = new JsonArray(new JsonObject { ["type"] = "Ready", ["status"] = "True" }),
        };
        return store.Update(Pod, ns, name, created);
    }

    public static JsonObject AddBudget(this KubernetesObjectStore store, string ns, string name, IReadOnlyDictionary<string, string> selector, int? minAvailable = null, int? maxUnavailable = null)
    {
        var spec = new JsonObject { ["selector"] = new JsonObject { ["matchLabels"] = Labels(selector) } };
        if (minAvailable is { } min) spec["minAvailable"] = min;
        if (maxUnavailable is { } max) spec["maxUnavailable"] = max;
        return store.Create(Budget, ns, new JsonObject { ["metadata"] = new JsonObject { ["name"] = name }, ["spec"] = spec });
    }

    private static JsonObject Labels(IReadOnlyDictionary<string, string> labels) => new(labels.Select(l => KeyValuePair.Create(l.Key, (JsonNode?)l.Value)));

    private static KubernetesResourceType Kind(string kind) => KubernetesBuiltInTypes.All.Single(t => t.Kind == kind);
}

using System.Text.Json.Nodes;

namespace Gravity.Kubernetes;

/// <summary>The kube-system/cluster-info ConfigMap the application and its hooks read: the cluster's name, flavor and provider.</summary>
public static class ClusterInfoConfigMap
{
    public static IReadOnlyList<ApplicationObject> Objects(string clusterName, string? flavor, string provider) =>
    [
        new("(gravity)", 0, new JsonObject { ["apiVersion"] = "v1", ["kind"] = "Namespace", ["metadata"] = new JsonObject { ["name"] = "kube-system" } }),
        new("(gravity)", 0, new JsonObject
        {
            ["apiVersion"] = "v1", ["kind"] = "ConfigMap",
            ["metadata"] = new JsonObject { ["name"] = "cluster-info", ["namespace"] = "kube-system" },
            ["data"] = new JsonObject { ["clusterName"] = clusterName, ["flavor"] = flavor ?? "", ["provider"] = provider },
        }),
    ];
}

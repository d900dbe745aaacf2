using System.Text.Json.Nodes;

namespace Gravity.Kubernetes;

/// <summary>
/// The kube-system/cluster-info ConfigMap the application and its hooks read: the cluster's name, flavor and provider,
/// under the names hook containers get them as environment variables (Gravity's: every key of this ConfigMap).
/// </summary>
public static class ClusterInfoConfigMap
{
    public const string Namespace = "kube-system";
    public const string Name = "cluster-info";
    public const string ClusterNameKey = "GRAVITY_CLUSTER_NAME";
    public const string FlavorKey = "GRAVITY_CLUSTER_FLAVOR";
    public const string ProviderKey = "GRAVITY_CLUSTER_PROVIDER";

    public static IReadOnlyList<ApplicationObject> Objects(string clusterName, string? flavor, string provider) =>
    [
        new("(gravity)", 0, new JsonObject { ["apiVersion"] = "v1", ["kind"] = "Namespace", ["metadata"] = new JsonObject { ["name"] = Namespace } }),
        new("(gravity)", 0, new JsonObject
        {
            ["apiVersion"] = "v1", ["kind"] = "ConfigMap",
            ["metadata"] = new JsonObject { ["name"] = Name, ["namespace"] = Namespace },
            ["data"] = new JsonObject { [ClusterNameKey] = clusterName, [FlavorKey] = flavor ?? "", [ProviderKey] = provider },
        }),
    ];
}

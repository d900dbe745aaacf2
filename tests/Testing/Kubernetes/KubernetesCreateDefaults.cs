using System.Text.Json.Nodes;

namespace Gravity.Testing.Kubernetes;

/// <summary>
/// The little defaulting the double does on create: a new namespace is Active, a new pod Pending, and any status sent
/// with a kind that has a status subresource is dropped (as the real server does), except a node's (a kubelet registers
/// its node with its status). No other defaults: fields the real server would fill in (Job selectors, service IPs,
/// the default service account, pod spec defaults) stay absent.
/// </summary>
public static class KubernetesCreateDefaults
{
    public static void Apply(KubernetesResourceType type, JsonObject obj)
    {
        if (type.HasStatus && type.Kind != "Node" && type != KubernetesBuiltInTypes.CustomResourceDefinition) obj.Remove("status");
        if (type == KubernetesBuiltInTypes.Namespace)
        {
            obj["spec"] ??= new JsonObject { ["finalizers"] = new JsonArray("kubernetes") };
            obj["status"] = new JsonObject { ["phase"] = "Active" };
        }
        if (type.Group.Length == 0 && type.Kind == "Pod") obj["status"] = new JsonObject { ["phase"] = "Pending", ["qosClass"] = "BestEffort" };
    }
}

using System.Text.Json.Nodes;

namespace Gravity.Testing.Kubernetes;

/// <summary>One change of the store: ADDED, MODIFIED or DELETED, with the object as it was then.</summary>
public sealed record KubernetesWatchEvent(long ResourceVersion, string Type, KubernetesResourceType ResourceType, JsonObject Object)
{
    public string? Namespace => Object["metadata"]?["namespace"]?.GetValue<string>();
    public string Name => Object["metadata"]?["name"]?.GetValue<string>() ?? "";
}

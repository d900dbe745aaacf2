namespace Gravity.Kubernetes;

/// <summary>A kind as the API serves it: its resource name (plural) and whether its objects live in a namespace.</summary>
public sealed record ApiResource(string ApiVersion, string Kind, string Plural, bool Namespaced)
{
    /// <summary>The path of the collection, e.g. "api/v1/namespaces/web/configmaps" or "apis/apps/v1/deployments".</summary>
    public string CollectionPath(string? ns)
    {
        var root = ApiVersion.Contains('/') ? $"apis/{ApiVersion}" : $"api/{ApiVersion}";
        return Namespaced ? $"{root}/namespaces/{Uri.EscapeDataString(ns ?? "default")}/{Plural}" : $"{root}/{Plural}";
    }
}

namespace Gravity.Testing.Kubernetes;

/// <summary>
/// A resource URL taken apart: /api/v1[/namespaces/NS]/PLURAL[/NAME[/SUBRESOURCE]] or the same under
/// /apis/GROUP/VERSION. Null when the path names no served kind.
/// </summary>
public sealed record KubernetesRequestPath(KubernetesResourceType Type, string? Namespace, string? Name, string? Subresource)
{
    public static KubernetesRequestPath? Parse(KubernetesResourceCatalog catalog, string path)
    {
        var segments = path.Trim('/').Split('/', StringSplitOptions.RemoveEmptyEntries);
        string group, version;
        string[] rest;
        if (segments.Length >= 3 && segments[0] == "api") (group, version, rest) = ("", segments[1], segments[2..]);
        else if (segments.Length >= 4 && segments[0] == "apis") (group, version, rest) = (segments[1], segments[2], segments[3..]);
        else return null;

        if (rest.Length >= 3 && rest[0] == "namespaces" && catalog.Find(group, version, rest[2]) is { Namespaced: true } namespaced)
            return rest.Length <= 4 || (rest.Length == 5 && namespaced.Subresources.Contains(rest[4])) ? new KubernetesRequestPath(namespaced, rest[1], rest.ElementAtOrDefault(3), rest.ElementAtOrDefault(4)) : null;
        if (rest.Length > 3 || catalog.Find(group, version, rest[0]) is not { } type) return null;
        var name = rest.ElementAtOrDefault(1);
        if (type.Namespaced && name is not null) return null;   // a namespaced object is reached through its namespace
        var subresource = rest.ElementAtOrDefault(2);
        if (subresource is not null && !type.Subresources.Contains(subresource)) return null;
        return new KubernetesRequestPath(type, null, name, subresource);
    }
}

using System.Text.Json.Nodes;

namespace Gravity.Testing.Kubernetes;

/// <summary>The kinds served right now: the built-in ones and those of every established CustomResourceDefinition.</summary>
public sealed class KubernetesResourceCatalog
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, IReadOnlyList<KubernetesResourceType>> _custom = new(StringComparer.Ordinal);

    public IReadOnlyList<KubernetesResourceType> All
    {
        get { lock (_lock) return [.. KubernetesBuiltInTypes.All, .. _custom.Values.SelectMany(v => v)]; }
    }

    /// <summary>Every group with its versions, preferred (first served) version first; the core group "" is not in it.</summary>
    public IReadOnlyList<(string Group, IReadOnlyList<string> Versions)> Groups() =>
        All.Where(t => t.Group.Length > 0).GroupBy(t => t.Group)
            .Select(g => (g.Key, (IReadOnlyList<string>)g.Select(t => t.Version).Distinct().ToList())).ToList();

    public IReadOnlyList<KubernetesResourceType> In(string group, string version) =>
        All.Where(t => t.Group == group && t.Version == version).ToList();

    public KubernetesResourceType? Find(string group, string version, string plural) =>
        All.FirstOrDefault(t => t.Group == group && t.Version == version && t.Plural == plural);

    public KubernetesResourceType? FindKind(string apiVersion, string kind) =>
        All.FirstOrDefault(t => t.ApiVersion == apiVersion && t.Kind == kind);

    /// <summary>Serves the kinds a CRD defines (one per served version), replacing what an earlier version of it served.</summary>
    public void Register(string crdName, IReadOnlyList<KubernetesResourceType> types)
    {
        lock (_lock) _custom[crdName] = types;
    }

    public void Unregister(string crdName)
    {
        lock (_lock) _custom.Remove(crdName);
    }

    /// <summary>The kinds a CustomResourceDefinition object defines, or the reason it is invalid (the 422 message).</summary>
    public static (IReadOnlyList<KubernetesResourceType> Types, string? Error) FromDefinition(JsonObject crd)
    {
        var name = crd["metadata"]?["name"]?.GetValue<string>() ?? "";
        var spec = crd["spec"] as JsonObject;
        var group = spec?["group"]?.GetValue<string>();
        var names = spec?["names"] as JsonObject;
        var plural = names?["plural"]?.GetValue<string>();
        var kind = names?["kind"]?.GetValue<string>();
        var scope = spec?["scope"]?.GetValue<string>();
        if (string.IsNullOrEmpty(group)) return ([], "spec.group: Required value");
        if (string.IsNullOrEmpty(plural)) return ([], "spec.names.plural: Required value");
        if (string.IsNullOrEmpty(kind)) return ([], "spec.names.kind: Required value");
        if (scope is not ("Namespaced" or "Cluster")) return ([], $"spec.scope: Unsupported value: \"{scope}\": supported values: \"Cluster\", \"Namespaced\"");
        if (name != $"{plural}.{group}") return ([], $"metadata.name: Invalid value: \"{name}\": must be spec.names.plural+\".\"+spec.group");
        if (spec!["versions"] is not JsonArray versions || versions.Count == 0) return ([], "spec.versions: Invalid value: must have exactly one version marked as storage version");
        if (versions.Count(v => v?["storage"]?.GetValue<bool>() == true) != 1)
            return ([], "spec.versions: Invalid value: must have exactly one version marked as storage version");
        var shortNames = (names!["shortNames"] as JsonArray)?.Select(n => n!.GetValue<string>()).ToList() ?? [];
        var types = new List<KubernetesResourceType>();
        foreach (var version in versions.OfType<JsonObject>())
        {
            if (version["served"]?.GetValue<bool>() != true) continue;
            var versionName = version["name"]?.GetValue<string>();
            if (string.IsNullOrEmpty(versionName)) return ([], "spec.versions[].name: Required value");
            var subresources = new List<string>();
            if (version["subresources"]?["status"] is not null) subresources.Add("status");
            if (version["subresources"]?["scale"] is not null) subresources.Add("scale");
            types.Add(new KubernetesResourceType(group, versionName, kind, plural, scope == "Namespaced", shortNames, subresources));
        }
        return (types, null);
    }
}

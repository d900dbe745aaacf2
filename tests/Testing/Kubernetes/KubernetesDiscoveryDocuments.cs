using System.Text.Json.Nodes;

namespace Gravity.Testing.Kubernetes;

/// <summary>
/// The legacy (unaggregated) discovery documents: /version, /api, /apis, /apis/GROUP, /api/v1 and /apis/GROUP/VERSION.
/// A client asking for aggregated discovery (apidiscovery.k8s.io/v2) gets these as plain application/json, which client-go
/// and kubectl take as "not aggregated" and then read each group version.
/// </summary>
public static class KubernetesDiscoveryDocuments
{
    private static readonly string[] AllVerbs = ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"];

    public static JsonObject Version() => new()
    {
        ["major"] = "1", ["minor"] = "35", ["gitVersion"] = "v1.35.2", ["gitCommit"] = "kubernetes-api-server-test-double",
        ["gitTreeState"] = "clean", ["buildDate"] = "2026-01-01T00:00:00Z", ["goVersion"] = "go1.25", ["compiler"] = "gc",
        ["platform"] = "linux/amd64",
    };

    public static JsonObject CoreVersions(string serverAddress) => new()
    {
        ["kind"] = "APIVersions",
        ["versions"] = new JsonArray("v1"),
        ["serverAddressByClientCIDRs"] = new JsonArray(new JsonObject { ["clientCIDR"] = "0.0.0.0/0", ["serverAddress"] = serverAddress }),
    };

    public static JsonObject GroupList(KubernetesResourceCatalog catalog) => new()
    {
        ["kind"] = "APIGroupList",
        ["apiVersion"] = "v1",
        ["groups"] = new JsonArray(catalog.Groups().Select(g => (JsonNode?)Group(g.Group, g.Versions)).ToArray()),
    };

    public static JsonObject? Group(KubernetesResourceCatalog catalog, string group) =>
        catalog.Groups().Where(g => g.Group == group).Select(g => Group(g.Group, g.Versions)).FirstOrDefault();

    public static JsonObject? ResourceList(KubernetesResourceCatalog catalog, string group, string version)
    {
        var types = catalog.In(group, version);
        if (types.Count == 0 && !(group.Length == 0 && version == "v1")) return null;
        var resources = new JsonArray();
        foreach (var type in types)
        {
            var resource = new JsonObject
            {
                ["name"] = type.Plural, ["singularName"] = type.Singular, ["namespaced"] = type.Namespaced, ["kind"] = type.Kind,
                ["verbs"] = Strings(AllVerbs),
            };
            if (type.ShortNames.Count > 0) resource["shortNames"] = Strings(type.ShortNames);
            resources.Add(resource);
            foreach (var sub in type.Subresources)
                resources.Add(sub switch
                {
                    "log" => Sub(type, sub, "Pod", ["get"]),
                    "eviction" => new JsonObject
                    {
                        ["name"] = $"{type.Plural}/eviction", ["singularName"] = "", ["namespaced"] = type.Namespaced,
                        ["group"] = "policy", ["version"] = "v1", ["kind"] = "Eviction", ["verbs"] = Strings(["create"]),
                    },
                    "scale" => Sub(type, sub, "Scale", ["get", "patch", "update"], "autoscaling", "v1"),
                    _ => Sub(type, sub, type.Kind, ["get", "patch", "update"]),
                });
        }
        return new JsonObject { ["kind"] = "APIResourceList", ["apiVersion"] = "v1", ["groupVersion"] = types.FirstOrDefault()?.ApiVersion ?? "v1", ["resources"] = resources };
    }

    private static JsonObject Sub(KubernetesResourceType type, string sub, string kind, string[] verbs, string? group = null, string? version = null)
    {
        var resource = new JsonObject { ["name"] = $"{type.Plural}/{sub}", ["singularName"] = "", ["namespaced"] = type.Namespaced };
        if (group is not null) { resource["group"] = group; resource["version"] = version; }
        resource["kind"] = kind;
        resource["verbs"] = Strings(verbs);
        return resource;
    }

    private static JsonObject Group(string name, IReadOnlyList<string> versions)
    {
        JsonObject Version(string v) => new() { ["groupVersion"] = $"{name}/{v}", ["version"] = v };
        return new JsonObject
        {
            ["kind"] = "APIGroup", ["apiVersion"] = "v1", ["name"] = name,
            ["versions"] = new JsonArray(versions.Select(v => (JsonNode?)Version(v)).ToArray()),
            ["preferredVersion"] = Version(versions[0]),
        };
    }

    private static JsonArray Strings(IEnumerable<string> values) => new(values.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray());
}

using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Gravity.Testing.Kubernetes;

/// <summary>
/// /openapi/v3 and its group-version documents, reduced to what kubectl reads from them: for each kind, a PATCH operation
/// tagged with its group-version-kind and taking the fieldValidation parameter. kubectl create and apply then validate on
/// the server (fieldValidation=Strict, which the double accepts without checking fields) instead of against schemas the
/// double does not have; and since no operation offers strategic-merge-patch here, client-side apply computes its patches
/// from kubectl's own built-in types (custom resources: JSON merge patch), as it does against servers without OpenAPI v3.
/// </summary>
public static class KubernetesOpenApiDocuments
{
    public static JsonObject Root(KubernetesResourceCatalog catalog)
    {
        var paths = new JsonObject();
        foreach (var (group, version) in catalog.All.Select(t => (t.Group, t.Version)).Distinct())
        {
            var path = GroupVersionPath(group, version);
            var hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(GroupVersion(catalog, group, version)!.ToJsonString())));
            paths[path] = new JsonObject { ["serverRelativeURL"] = $"/openapi/v3/{path}?hash={hash}" };
        }
        return new JsonObject { ["paths"] = paths };
    }

    /// <summary>The document of "api/v1" or "apis/GROUP/VERSION", or null when no kind is served there.</summary>
    public static JsonObject? GroupVersion(KubernetesResourceCatalog catalog, string group, string version)
    {
        var types = catalog.In(group, version);
        if (types.Count == 0) return null;
        var paths = new JsonObject();
        foreach (var type in types)
        {
            var prefix = "/" + GroupVersionPath(group, version) + (type.Namespaced ? "/namespaces/{namespace}" : "");
            paths[$"{prefix}/{type.Plural}/{{name}}"] = new JsonObject
            {
                ["patch"] = new JsonObject
                {
                    ["operationId"] = $"patch{type.Kind}",
                    ["x-kubernetes-action"] = "patch",
                    ["x-kubernetes-group-version-kind"] = new JsonObject { ["group"] = type.Group, ["version"] = type.Version, ["kind"] = type.Kind },
                    ["parameters"] = new JsonArray(
                        Query("dryRun"), Query("fieldManager"), Query("fieldValidation"), Query("force")),
                    ["requestBody"] = new JsonObject
                    {
                        ["content"] = new JsonObject
                        {
                            ["application/apply-patch+yaml"] = new JsonObject(),
                            ["application/json-patch+json"] = new JsonObject(),
                            ["application/merge-patch+json"] = new JsonObject(),
                        },
                    },
                    ["responses"] = new JsonObject { ["200"] = new JsonObject { ["description"] = "OK" } },
                },
            };
        }
        return new JsonObject
        {
            ["openapi"] = "3.0.0",
            ["info"] = new JsonObject { ["title"] = "Kubernetes API server test double", ["version"] = "v1.35.2" },
            ["paths"] = paths,
            ["components"] = new JsonObject { ["schemas"] = new JsonObject() },
        };
    }

    private static string GroupVersionPath(string group, string version) => group.Length == 0 ? $"api/{version}" : $"apis/{group}/{version}";

    private static JsonObject Query(string name) => new()
    {
        ["name"] = name, ["in"] = "query", ["schema"] = new JsonObject { ["type"] = "string", ["uniqueItems"] = true },
    };
}

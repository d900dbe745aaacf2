using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Gravity.Testing.Kubernetes;

/// <summary>
/// What the double checks and normalizes in every object written: kind and apiVersion match the URL, the name is a
/// DNS subdomain (422 otherwise), the namespace in the body matches the URL's, a Secret's stringData is folded into data
/// and its data must be base64. Nothing else is validated: a spec the real server would refuse is stored as sent.
/// </summary>
public static partial class KubernetesObjectRules
{
    public static JsonObject Normalize(KubernetesResourceType type, string? ns, string? urlName, JsonNode body, bool nameRequired = true)
    {
        if (body is not JsonObject obj) throw KubernetesApiError.BadRequest("the body must be a JSON object");
        obj = (JsonObject)obj.DeepClone();
        var kind = obj["kind"]?.GetValue<string>();
        var apiVersion = obj["apiVersion"]?.GetValue<string>();
        if (kind is not null && kind != type.Kind)
            throw KubernetesApiError.BadRequest($"the kind of the body ({kind}) is not {type.Kind}, the kind of {type.GroupResource}");
        if (apiVersion is not null && apiVersion != type.ApiVersion)
            throw KubernetesApiError.BadRequest($"the apiVersion of the body ({apiVersion}) is not {type.ApiVersion}: the double converts no versions");
        obj["apiVersion"] = type.ApiVersion;
        obj["kind"] = type.Kind;
        if (obj["metadata"] is not JsonObject metadata) obj["metadata"] = metadata = new JsonObject();
        var name = metadata["name"]?.GetValue<string>();
        if (urlName is not null && name is not null && name != urlName)
            throw KubernetesApiError.BadRequest($"the name of the object ({name}) does not match the name on the URL ({urlName})");
        if (urlName is not null) metadata["name"] = name = urlName;
        if (name is null && nameRequired && metadata["generateName"] is null)
            throw KubernetesApiError.Invalid(type, "", "metadata.name: Required value: name or generateName is required");
        if (name is not null && (name.Length > 253 || !DnsSubdomain().IsMatch(name)))
            throw KubernetesApiError.Invalid(type, name, $"metadata.name: Invalid value: \"{name}\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character");
        if (type.Namespaced && metadata["namespace"]?.GetValue<string>() is { } bodyNamespace && ns is not null && bodyNamespace != ns)
            throw KubernetesApiError.BadRequest("the namespace of the provided object does not match the namespace sent on the request");
        if (type.Group.Length == 0 && type.Kind == "Secret") NormalizeSecret(obj, name ?? "");
        return obj;
    }

    private static void NormalizeSecret(JsonObject secret, string name)
    {
        var type = KubernetesBuiltInTypes.All.Single(t => t.Kind == "Secret");
        secret["type"] ??= "Opaque";
        if (secret["data"] is not JsonObject data) secret["data"] = data = new JsonObject();
        foreach (var (key, value) in data)
            if (value is null || !IsBase64(value.GetValue<string>()))
                throw KubernetesApiError.Invalid(type, name, $"data[{key}]: Invalid value: not base64");
        if (secret["stringData"] is JsonObject stringData)
        {
            foreach (var (key, value) in stringData)
                data[key] = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(value?.GetValue<string>() ?? ""));
            secret.Remove("stringData");
        }
    }

    private static bool IsBase64(string value)
    {
        var buffer = new byte[value.Length];
        return Convert.TryFromBase64String(value, buffer, out _);
    }

    [GeneratedRegex(@"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")]
    private static partial Regex DnsSubdomain();
}

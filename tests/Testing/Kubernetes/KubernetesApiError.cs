using System.Text.Json.Nodes;

namespace Gravity.Testing.Kubernetes;

/// <summary>A refusal the double answers as a metav1.Status, with the code and reason the real API server uses.</summary>
public sealed class KubernetesApiError(int code, string reason, string message, KubernetesResourceType? type = null, string? name = null)
    : Exception(message)
{
    public int Code { get; } = code;
    public string Reason { get; } = reason;
    /// <summary>details.causes: each a {reason, message, field} as metav1.StatusCause has them.</summary>
    public JsonArray? Causes { get; init; }

    public JsonObject ToStatus()
    {
        var status = new JsonObject
        {
            ["kind"] = "Status",
            ["apiVersion"] = "v1",
            ["metadata"] = new JsonObject(),
            ["status"] = "Failure",
            ["message"] = Message,
            ["reason"] = Reason,
            ["code"] = Code,
        };
        if (type is not null || name is not null || Causes is not null)
        {
            var details = new JsonObject();
            if (name is not null) details["name"] = name;
            if (type is not null) { details["group"] = type.Group; details["kind"] = type.Plural; }
            if (Causes is not null) details["causes"] = Causes.DeepClone();
            status["details"] = details;
        }
        return status;
    }

    public static KubernetesApiError NotFound(KubernetesResourceType type, string name) =>
        new(404, "NotFound", $"{type.GroupResource} \"{name}\" not found", type, name);

    public static KubernetesApiError AlreadyExists(KubernetesResourceType type, string name) =>
        new(409, "AlreadyExists", $"{type.GroupResource} \"{name}\" already exists", type, name);

    public static KubernetesApiError Conflict(KubernetesResourceType type, string name, string why) =>
        new(409, "Conflict", $"Operation cannot be fulfilled on {type.GroupResource} \"{name}\": {why}", type, name);

    public static KubernetesApiError Invalid(KubernetesResourceType type, string name, string field) =>
        new(422, "Invalid", $"{type.Kind} \"{name}\" is invalid: {field}", type, name);

    public static KubernetesApiError BadRequest(string message) => new(400, "BadRequest", message);
}

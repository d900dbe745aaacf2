using System.Text.Json.Nodes;
using k8s.Autorest;

namespace Gravity.Kubernetes;

/// <summary>What the API answered when it refused a request, for an error message: code, reason and its own message.</summary>
public static class KubernetesRefusal
{
    public static string Describe(HttpOperationException ex)
    {
        var code = (int)ex.Response.StatusCode;
        if (Status(ex) is { } status && (string?)status["message"] is { } message)
            return $"{code} {(string?)status["reason"] ?? ex.Response.StatusCode.ToString()}: {message}";
        return $"{code} {ex.Response.StatusCode}: {Shorten(ex.Response.Content)}";
    }

    /// <summary>The metav1.Status the API sent back, or null when the body is not one.</summary>
    public static JsonObject? Status(HttpOperationException ex)
    {
        try
        {
            return JsonNode.Parse(ex.Response.Content ?? "") as JsonObject;
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }

    private static string Shorten(string? s) => s is null ? "" : s.Length > 300 ? s[..300] + "..." : s;
}

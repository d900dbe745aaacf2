using System.Text.Json.Nodes;

namespace Gravity.Kubernetes;

/// <summary>One object of the application's resource files, with where it was written (for errors).</summary>
public sealed record ApplicationObject(string File, int Line, JsonObject Body)
{
    public string ApiVersion => (string?)Body["apiVersion"] ?? "";
    public string Kind => (string?)Body["kind"] ?? "";
    public string Name => (string?)Body["metadata"]?["name"] ?? "";
    public string? Namespace => (string?)Body["metadata"]?["namespace"];

    /// <summary>"Kind namespace/name" (or "Kind name"), as errors and logs name it.</summary>
    public string Display => Namespace is { } ns ? $"{Kind} {ns}/{Name}" : $"{Kind} {Name}";

    public string Where => $"{File}:{Line}";
}

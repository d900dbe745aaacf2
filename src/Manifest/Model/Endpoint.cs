namespace Gravity.Manifest;

/// <summary>A Kubernetes service shown to the user; found by <see cref="Selector"/> or <see cref="ServiceName"/>.</summary>
public sealed record Endpoint
{
    public required string Name { get; init; }
    public string? Description { get; init; }
    public IReadOnlyDictionary<string, string>? Selector { get; init; }
    public string? ServiceName { get; init; }
    public string Namespace { get; init; } = "default";
    public int? Port { get; init; }
    /// <summary>http or https; null when not set.</summary>
    public string? Protocol { get; init; }
    public bool Hidden { get; init; }
}

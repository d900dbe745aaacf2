namespace Gravity.Manifest;

public sealed record ManifestMetadata
{
    public required string Name { get; init; }
    public required string ResourceVersion { get; init; }
    public string? Description { get; init; }
    public string? Author { get; init; }
    public string Namespace { get; init; } = "default";
    public string Repository { get; init; } = "gravitational.io";
    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();
    public bool Hidden { get; init; }
}

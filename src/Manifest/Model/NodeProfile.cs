namespace Gravity.Manifest;

public sealed record NodeProfile
{
    public required string Name { get; init; }
    public string? Description { get; init; }
    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();
    public IReadOnlyList<Taint> Taints { get; init; } = [];
    public Requirements Requirements { get; init; } = new();
    /// <summary>fixed or fixed-instance; null = may expand freely.</summary>
    public string? ExpandPolicy { get; init; }
    /// <summary>master or node: as written, else derived from the labels node-role.kubernetes.io/master|node: "true";
    /// null when nothing says (the installer then decides, as Gravity does: the first nodes up to three become masters).</summary>
    public string? ServiceRole { get; init; }
    public NodeProfileProviders? Providers { get; init; }
    public SystemOptions? SystemOptions { get; init; }
}

public sealed record Taint
{
    public required string Key { get; init; }
    public string? Value { get; init; }
    /// <summary>NoSchedule, PreferNoSchedule or NoExecute.</summary>
    public required string Effect { get; init; }
}

public sealed record NodeProfileProviders
{
    public ProfileProvider? Aws { get; init; }
    public ProfileProvider? Gce { get; init; }
    public ProfileProvider? Azure { get; init; }
}

public sealed record ProfileProvider
{
    public IReadOnlyList<string> InstanceTypes { get; init; } = [];
}

namespace Gravity.Manifest;

public sealed record InstallerSpec
{
    public EulaSpec? Eula { get; init; }
    public FlavorsSpec Flavors { get; init; } = new();
    /// <summary>At most one endpoint name.</summary>
    public IReadOnlyList<string> SetupEndpoints { get; init; } = [];
}

public sealed record EulaSpec
{
    /// <summary>The EULA text (inlined at build time).</summary>
    public required string Source { get; init; }
}

public sealed record FlavorsSpec
{
    public string? Prompt { get; init; }
    /// <summary>Help text (inlined at build time).</summary>
    public string? Description { get; init; }
    public string? Default { get; init; }
    public IReadOnlyList<Flavor> Items { get; init; } = [];
}

public sealed record Flavor
{
    public required string Name { get; init; }
    public string? Description { get; init; }
    public IReadOnlyList<FlavorNode> Nodes { get; init; } = [];

    public int TotalNodes => Nodes.Sum(n => n.Count);
}

public sealed record FlavorNode
{
    public required string Profile { get; init; }
    public required int Count { get; init; }
}

namespace Gravity.Manifest;

public sealed record Requirements
{
    public CpuRequirement? Cpu { get; init; }
    public RamRequirement? Ram { get; init; }
    public IReadOnlyList<OsRequirement> Os { get; init; } = [];
    public IReadOnlyList<Volume> Volumes { get; init; } = [];
    public IReadOnlyList<Device> Devices { get; init; } = [];
    public NetworkRequirements? Network { get; init; }
    public IReadOnlyList<CustomCheck> CustomChecks { get; init; } = [];
}

public sealed record CpuRequirement
{
    public int Min { get; init; }
    public int? Max { get; init; }
}

/// <summary>Memory in bytes.</summary>
public sealed record RamRequirement
{
    public long Min { get; init; }
    public long? Max { get; init; }
}

/// <summary>Matched against ID and VERSION_ID of /etc/os-release; no versions = any version.</summary>
public sealed record OsRequirement
{
    public required string Name { get; init; }
    public IReadOnlyList<string> Versions { get; init; } = [];
}

public sealed record CustomCheck
{
    public string? Description { get; init; }
    /// <summary>The script text (inlined at build time).</summary>
    public required string Script { get; init; }
}

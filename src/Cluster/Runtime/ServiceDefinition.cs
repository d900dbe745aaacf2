namespace Gravity.Cluster.Runtime;

/// <summary>A runtime service the agent runs as a child process and keeps running.</summary>
public sealed record ServiceDefinition(string Name, string FileName, IReadOnlyList<string> Args)
{
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();
    public string? WorkingDirectory { get; init; }

    public override string ToString() => $"{Name}: {FileName} {string.Join(' ', Args)}";
}

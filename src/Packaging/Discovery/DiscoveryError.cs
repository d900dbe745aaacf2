namespace Gravity.Packaging.Discovery;

/// <summary>A problem in the user's files, located so that it can be fixed (line and column are 1-based; 0 = unknown).</summary>
public sealed record DiscoveryError(string File, int Line, int Column, string Message)
{
    public override string ToString()
        => Line > 0 ? $"{File}:{Line}:{Column}: {Message}" : $"{File}: {Message}";
}

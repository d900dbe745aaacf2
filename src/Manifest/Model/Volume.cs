namespace Gravity.Manifest;

/// <summary>With <see cref="TargetPath"/> a mount into the runtime; without, a requirement on the host path.</summary>
public sealed record Volume
{
    public string? Name { get; init; }
    /// <summary>Host path; may be a shell pattern (dir-???).</summary>
    public required string Path { get; init; }
    public string? TargetPath { get; init; }
    /// <summary>Bytes.</summary>
    public long? Capacity { get; init; }
    public IReadOnlyList<string> Filesystems { get; init; } = [];
    /// <summary>Bytes per second.</summary>
    public long? MinTransferRate { get; init; }
    /// <summary>Default true; always false when <see cref="SkipIfMissing"/>.</summary>
    public bool CreateIfMissing { get; init; } = true;
    public bool SkipIfMissing { get; init; }
    public int? Uid { get; init; }
    public int? Gid { get; init; }
    /// <summary>Permission bits (written in octal in the manifest).</summary>
    public int? Mode { get; init; }
    public bool Recursive { get; init; }
    public bool Hidden { get; init; }
    public string? SeLinuxLabel { get; init; }

    public bool IsMount => TargetPath is not null;
}

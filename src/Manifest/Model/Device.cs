namespace Gravity.Manifest;

public sealed record Device
{
    /// <summary>A glob such as /dev/nvidia*.</summary>
    public required string Path { get; init; }
    /// <summary>Letters r, w, m; default rw.</summary>
    public string Permissions { get; init; } = "rw";
    /// <summary>Permission bits; default 0666 (octal).</summary>
    public int FileMode { get; init; } = Convert.ToInt32("666", 8);
    public int Uid { get; init; }
    public int Gid { get; init; }
}

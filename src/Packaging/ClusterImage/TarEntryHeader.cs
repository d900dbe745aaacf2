namespace Gravity.Packaging.ClusterImage;

public enum TarEntryKind { File, Directory }

/// <summary>One entry as found in a tar: its name, kind, mode, size, and where its data starts in the archive.</summary>
public sealed record TarEntryHeader(string Name, TarEntryKind Kind, UnixFileMode Mode, long Size, long DataOffset)
{
    /// <summary>The pax comment record of the entry, if any.</summary>
    public string? Comment { get; init; }
}

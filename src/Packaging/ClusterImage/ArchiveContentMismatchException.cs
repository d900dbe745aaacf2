namespace Gravity.Packaging.ClusterImage;

/// <summary>The content given for an entry did not match its recorded size or digest.</summary>
public sealed class ArchiveContentMismatchException(ArchiveEntry entry, string message) : IOException(message)
{
    public ArchiveEntry Entry { get; } = entry;
}

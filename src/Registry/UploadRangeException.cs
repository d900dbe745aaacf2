namespace Gravity.Registry;

/// <summary>A chunk that does not start where the upload stands (HTTP 416); <see cref="Offset"/> is where it does.</summary>
public sealed class UploadRangeException(long offset, string message) : Exception(message)
{
    public long Offset { get; } = offset;
}

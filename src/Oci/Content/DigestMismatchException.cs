namespace Gravity.Oci.Content;

/// <summary>Content did not hash to the digest (or size) it was announced with.</summary>
public sealed class DigestMismatchException(Digest expected, string actual, string? source = null)
    : IOException($"digest mismatch{(source is null ? "" : $" for {source}")}: expected {expected}, got {actual}")
{
    public Digest Expected { get; } = expected;
    public string Actual { get; } = actual;
}

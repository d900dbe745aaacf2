namespace Gravity.Oci.Content;

public sealed class BlobNotFoundException(Digest digest) : FileNotFoundException($"blob {digest} not found")
{
    public Digest Digest { get; } = digest;
}

namespace Gravity.Oci.Registry;

/// <summary>A manifest or index exactly as the registry served it, with its verified digest.</summary>
public sealed record ManifestResponse(byte[] Content, string MediaType, Digest Digest)
{
    public Model.Descriptor ToDescriptor() => new() { MediaType = MediaType, Digest = Digest, Size = Content.Length };
}

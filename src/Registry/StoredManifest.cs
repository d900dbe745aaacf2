using Gravity.Oci;

namespace Gravity.Registry;

/// <summary>A manifest as stored: the exact bytes received, their digest and the media type it was pushed with.</summary>
public sealed record StoredManifest(byte[] Content, string MediaType, Digest Digest);

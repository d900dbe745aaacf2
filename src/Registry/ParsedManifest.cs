using Gravity.Oci.Model;

namespace Gravity.Registry;

/// <summary>What the registry needs to know about a manifest or index it is asked to store.</summary>
/// <param name="MediaType">The effective media type (stored and returned as Content-Type).</param>
/// <param name="Blobs">Blobs the manifest references (config and layers) that must exist in the repository.</param>
/// <param name="Manifests">Manifests an index references that must exist in the repository.</param>
/// <param name="Subject">The manifest this one refers to (referrers API), if any.</param>
/// <param name="ArtifactType">artifactType, or the config media type of an image manifest: what the referrers API reports.</param>
public sealed record ParsedManifest(
    string MediaType,
    IReadOnlyList<Descriptor> Blobs,
    IReadOnlyList<Descriptor> Manifests,
    Descriptor? Subject,
    string? ArtifactType,
    IReadOnlyDictionary<string, string>? Annotations);

using Gravity.Oci;

namespace Gravity.Packaging.Discovery;

/// <summary>One image (deduplicated by its normalised reference) and every place that named it.</summary>
public sealed record DiscoveredImage(ImageReference Reference, IReadOnlyList<ImageSource> Sources);

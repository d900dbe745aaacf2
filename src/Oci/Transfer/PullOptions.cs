using Gravity.Oci.Model;

namespace Gravity.Oci.Transfer;

public sealed record PullOptions
{
    public static readonly Platform DefaultPlatform = Platform.Parse("linux/amd64");

    /// <summary>Platforms kept from a multi-platform index (default linux/amd64).</summary>
    public IReadOnlyList<Platform> Platforms { get; init; } = [DefaultPlatform];

    /// <summary>Blobs downloaded at the same time.</summary>
    public int Parallelism { get; init; } = 4;

    /// <summary>
    /// Resolve manifests and fetch configs only; layers missing from the store are listed in
    /// <see cref="PulledImage.DeferredLayers"/> for the caller to fetch with <see cref="ImagePuller.FetchBlobAsync"/>
    /// (tele build writes the archive's head and earlier blobs while later layers still download).
    /// </summary>
    public bool DeferLayers { get; init; }
}

/// <summary>A pulled image: <see cref="Root"/> (manifest or index) and everything it references are in the content store, but for <see cref="DeferredLayers"/>.</summary>
public sealed record PulledImage(ImageReference Reference, Descriptor Root)
{
    /// <summary>The single-platform manifests the pull kept (the root itself for a single-platform image).</summary>
    public IReadOnlyList<Descriptor> Manifests { get; init; } = [];

    /// <summary>Bytes actually downloaded (blobs already in the store are not counted).</summary>
    public long BytesDownloaded { get; init; }

    /// <summary>With <see cref="PullOptions.DeferLayers"/>: the layers not yet in the store.</summary>
    public IReadOnlyList<Descriptor> DeferredLayers { get; init; } = [];
}

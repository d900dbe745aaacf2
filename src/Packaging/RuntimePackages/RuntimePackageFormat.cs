namespace Gravity.Packaging.RuntimePackages;

/// <summary>
/// The names and limits of a runtime package (docs/runtime.md, "The runtime package"): an OCI image whose config, of
/// <see cref="ConfigMediaType"/>, is its runtime.json, and whose layers hold only <c>bin/&lt;program&gt;</c> files.
/// </summary>
public static class RuntimePackageFormat
{
    /// <summary>What makes an image a runtime package: its manifest's config has this media type.</summary>
    public const string ConfigMediaType = "application/vnd.gravitational.runtime.config.v1+json";
    public const int CurrentFormatVersion = 1;
    /// <summary>Where the config is unpacked to, beside bin/.</summary>
    public const string ManifestFileName = "runtime.json";
    public const string BinDir = "bin";

    /// <summary>Largest runtime.json accepted (it is held in memory).</summary>
    public const int MaxManifestBytes = 64 * 1024;
    public const int MaxBinaries = 64;
    public const int MaxLayers = 64;
    /// <summary>Largest single program (kubelet and kube-apiserver are ~100 MiB).</summary>
    public const long MaxBinaryBytes = 1L << 30;
    /// <summary>Most bytes all layers may unpack to.</summary>
    public const long MaxUnpackedBytes = 4L << 30;
}

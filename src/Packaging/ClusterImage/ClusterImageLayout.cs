using Gravity.Oci;

namespace Gravity.Packaging.ClusterImage;

/// <summary>The fixed names inside a cluster image (see docs/cluster-image.md).</summary>
public static class ClusterImageLayout
{
    public const string HeadPath = ".gravity/head.json";
    public const string IndexPath = ".gravity/index.json";
    public const string Readme = "README";
    public const string AppManifest = "app.yaml";
    public const string GravityBinary = "gravity";
    public const string InstallScript = "install";
    public const string UploadScript = "upload";
    public const string UpgradeScript = "upgrade";
    public const string PreflightScript = "run_preflight_checks";
    public const string PackagesDir = "packages";
    public const string OciLayoutFile = "packages/oci-layout";
    public const string OciIndexFile = "packages/index.json";
    public const string ResourcesDir = "packages/resources/";
    public const string BlobsDir = "packages/blobs/";

    /// <summary>Largest head.json a reader accepts (it is held in memory).</summary>
    public const long MaxHeadSize = 64L << 20;

    public static string BlobPath(Digest digest) => $"{BlobsDir}{digest.Algorithm}/{digest.Hex}";

    public static string ResourcePath(string relative) => ResourcesDir + relative.Replace('\\', '/');

    public static bool TryParseBlobPath(string name, out Digest digest)
    {
        digest = default;
        if (!name.StartsWith(BlobsDir, StringComparison.Ordinal)) return false;
        var rest = name[BlobsDir.Length..];
        var slash = rest.IndexOf('/');
        return slash > 0 && Digest.TryParse($"{rest[..slash]}:{rest[(slash + 1)..]}", out digest);
    }
}

namespace Gravity.Oci;

public static class MediaTypes
{
    public const string OciManifest = "application/vnd.oci.image.manifest.v1+json";
    public const string OciIndex = "application/vnd.oci.image.index.v1+json";
    public const string OciConfig = "application/vnd.oci.image.config.v1+json";
    public const string OciLayer = "application/vnd.oci.image.layer.v1.tar";
    public const string OciLayerGzip = "application/vnd.oci.image.layer.v1.tar+gzip";
    public const string OciLayerZstd = "application/vnd.oci.image.layer.v1.tar+zstd";
    public const string OciEmpty = "application/vnd.oci.empty.v1+json";
    public const string DockerManifest = "application/vnd.docker.distribution.manifest.v2+json";
    public const string DockerManifestList = "application/vnd.docker.distribution.manifest.list.v2+json";
    public const string DockerConfig = "application/vnd.docker.container.image.v1+json";
    public const string DockerLayerGzip = "application/vnd.docker.image.rootfs.diff.tar.gzip";
    public const string DockerForeignLayerGzip = "application/vnd.docker.image.rootfs.foreign.diff.tar.gzip";

    /// <summary>Artifact type of a cluster image stored in a Hub.</summary>
    public const string ClusterImageArtifact = "application/vnd.gravity.cluster-image.v1";
    public const string ClusterImageConfig = "application/vnd.gravity.cluster-image.config.v1+json";
    public const string ClusterImageTar = "application/vnd.gravity.cluster-image.v1.tar";

    public static bool IsIndex(string? mediaType) => mediaType is OciIndex or DockerManifestList;
    public static bool IsManifest(string? mediaType) => mediaType is OciManifest or DockerManifest;
    public static bool IsManifestOrIndex(string? mediaType) => IsIndex(mediaType) || IsManifest(mediaType);

    /// <summary>The Accept header a client sends to receive any manifest kind we understand.</summary>
    public static readonly string[] ManifestAccept = [OciManifest, OciIndex, DockerManifest, DockerManifestList];
}

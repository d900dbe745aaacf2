using System.Text.Json.Serialization;
using Gravity.Oci;

namespace Gravity.Hub.Catalog;

/// <summary>
/// How a cluster image is kept in the Hub's registry: an OCI image manifest (artifactType
/// <see cref="MediaTypes.ClusterImageArtifact"/>) whose config is <see cref="ClusterImageConfig"/> and whose layers are
/// the image's tar entries in archive order (title and mode annotations), so any OCI client can copy it and blobs
/// shared between versions are stored and uploaded once.
/// </summary>
public static class ClusterImageArtifact
{
    public const string TitleAnnotation = "org.opencontainers.image.title";
    public const string ModeAnnotation = "io.gravitational.gravity.file.mode";
    public const string CreatedAnnotation = "org.opencontainers.image.created";
    public const string VersionAnnotation = "org.opencontainers.image.version";
    public const string EntryMediaType = "application/vnd.gravity.cluster-image.file.v1";
    public const string RepositoryPrefix = "apps/";

    /// <summary>The repository of an application: names are case-insensitive in a registry, so lower case.</summary>
    public static string RepositoryFor(string name) => RepositoryPrefix + name.ToLowerInvariant();

    /// <summary>The tag of a version: '+' (semver build metadata) is not allowed in tags, so it becomes '_' as Helm does.</summary>
    public static string TagFor(string version) => version.Replace('+', '_');

    /// <summary>
    /// Why <paramref name="name"/>:<paramref name="version"/> is not a cluster image's name and version (the manifest's
    /// grammar: metadata.name, a semantic version), or null. Names reach file names (tele pull's NAME-VERSION.tar), so
    /// one from a Hub is checked before use.
    /// </summary>
    public static string? Problem(string? name, string? version)
    {
        if (string.IsNullOrEmpty(name) || !Manifest.Validation.Formats.IsValidName(name))
            return $"'{name}' is not an application name (letters, digits, '_' and '-')";
        if (string.IsNullOrEmpty(version) || !Manifest.Validation.Formats.IsSemVer(version))
            return $"'{version}' is not a semantic version";
        return null;
    }
}

/// <summary>The config blob of a cluster image artifact.</summary>
public sealed record ClusterImageConfig
{
    [JsonPropertyName("name")] public string Name { get; init; } = "";
    [JsonPropertyName("version")] public string Version { get; init; } = "";
    /// <summary>Bytes of the cluster image file.</summary>
    [JsonPropertyName("size")] public long Size { get; init; }
    /// <summary>SHA-256 of the whole cluster image file; a pull rebuilds the file and must arrive at this digest.</summary>
    [JsonPropertyName("archiveDigest")] public Digest ArchiveDigest { get; init; }
    [JsonPropertyName("publisher")] public string Publisher { get; init; } = "";
    [JsonPropertyName("created")] public DateTimeOffset Created { get; init; }
}

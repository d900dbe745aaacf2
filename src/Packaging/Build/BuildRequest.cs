using Gravity.Oci.Model;
using Gravity.Oci.Registry;
using Gravity.Oci.Transfer;

namespace Gravity.Packaging.Build;

/// <summary>Everything <c>tele build</c> was asked to do.</summary>
public sealed record BuildRequest
{
    public const string DefaultClusterRegistry = "leader.telekube.local:5000";

    /// <summary>The manifest file, or a folder holding app.yaml.</summary>
    public required string ManifestPath { get; init; }

    /// <summary>The cluster image to write; <c>&lt;name&gt;-&lt;version&gt;.tar</c> in the current folder when null.</summary>
    public string? OutputPath { get; init; }

    /// <summary>Replace an existing output file (-f).</summary>
    public bool Overwrite { get; init; }

    /// <summary>Cache shared between builds; its content store lives in <c>&lt;StateDir&gt;/content</c>.</summary>
    public string StateDir { get; init; } = StateDirectory.Default();

    /// <summary>--set-image OLD=NEW: use NEW wherever the application names OLD.</summary>
    public IReadOnlyList<string> SetImages { get; init; } = [];

    public IReadOnlyList<string> Globs { get; init; } = [];
    public IReadOnlyList<string> Ignore { get; init; } = [];
    public IReadOnlyList<string> ValuesFiles { get; init; } = [];
    public IReadOnlyDictionary<string, string> HelmSet { get; init; } = new Dictionary<string, string>();

    /// <summary>
    /// The helm binary that renders the charts (--helm); when null, the first helm on PATH, and when there is none the
    /// charts are read by the built-in reader.
    /// </summary>
    public string? HelmBinary { get; init; }

    /// <summary>OCI image layouts whose images (by ref name) satisfy references before any registry is asked.</summary>
    public IReadOnlyList<string> OciLayouts { get; init; } = [];

    /// <summary><c>docker save</c> archives whose images (by RepoTags) satisfy references before any registry is asked.</summary>
    public IReadOnlyList<string> DockerArchives { get; init; } = [];

    public IReadOnlyList<Platform> Platforms { get; init; } = [PullOptions.DefaultPlatform];

    public RegistryClientOptions Registry { get; init; } = new();

    /// <summary>The registry the cluster serves images from: resources and index ref names point there.</summary>
    public string ClusterRegistry { get; init; } = DefaultClusterRegistry;

    /// <summary>The gravity binary to embed; the file named gravity next to the running program when null.</summary>
    public string? GravityBinary { get; init; }

    /// <summary>The image's creation time; from SOURCE_DATE_EPOCH, else the manifest file's modification time, when null.</summary>
    public DateTimeOffset? Created { get; init; }

    /// <summary>Validate and report what would be built, without pulling or writing.</summary>
    public bool DryRun { get; init; }

    /// <summary>Images resolved at the same time (manifests and configs: small requests, so many at once).</summary>
    public int ImageParallelism { get; init; } = 8;

    /// <summary>Layers downloaded at the same time while the archive is written.</summary>
    public int LayerParallelism { get; init; } = 4;

    public Func<string, string?> GetEnvironmentVariable { get; init; } = Environment.GetEnvironmentVariable;

    /// <summary>--allow-path: folders besides the application's own that the manifest's file:// fields may read.</summary>
    public IReadOnlyList<string> AllowedPaths { get; init; } = [];
}

using Gravity.Packaging.Discovery.Helm.Rendering;

namespace Gravity.Packaging.Discovery;

public sealed record DiscoveryOptions
{
    public static readonly IReadOnlyList<string> DefaultGlobs = ["**/*.yaml", "**/*.yml", "**/*.json"];

    /// <summary>Helm values files (tele build --values), applied in order to every top-level chart; relative to the current directory.</summary>
    public IReadOnlyList<string> ValuesFiles { get; init; } = [];

    /// <summary>Helm --set overrides: dotted path (a.b[0].c) to value, applied after the values files.</summary>
    public IReadOnlyDictionary<string, string> Set { get; init; } = new Dictionary<string, string>();

    /// <summary>Which files under the build folder are application resources (relative glob patterns).</summary>
    public IReadOnlyList<string> Globs { get; init; } = DefaultGlobs;

    /// <summary>Patterns of files or folders to leave out; a pattern without '/' matches a name at any depth.</summary>
    public IReadOnlyList<string> Ignore { get; init; } = [];

    /// <summary>The manifest file (relative to the build folder, or absolute): never scanned as a resource; hook sources name it.</summary>
    public string ManifestFile { get; init; } = "app.yaml";

    /// <summary>Renders Helm charts with this helm (<c>helm template</c>); null reads them with the built-in reader.</summary>
    public HelmExecutable? Helm { get; init; }

    /// <summary>Kubernetes version charts render for (<c>.Capabilities.KubeVersion</c>).</summary>
    public string KubeVersion { get; init; } = RuntimeKubernetes.Version;

    /// <summary>Namespace charts render into (<c>.Release.Namespace</c>); the release is named after the chart.</summary>
    public string HelmNamespace { get; init; } = "default";

    /// <summary>Where renders by helm are remembered between builds; null remembers nothing.</summary>
    public string? HelmCacheDir { get; init; }

    /// <summary>Whether <c>baseImage</c> and <c>systemOptions.baseImage</c> (top level and per profile) count as images.</summary>
    public bool IncludeBaseImages { get; init; } = true;
}

using Gravity.Oci;
using Gravity.Packaging.ClusterImage;

namespace Gravity.Packaging.Build;

/// <summary>The outcome of a build: the plan, and (unless it was a dry run) the file written with its head.</summary>
public sealed record BuildResult(BuildPlan Plan, string? OutputPath, ClusterImageHead? Head, long Length);

/// <summary>What a build produces, known before anything is pulled (what --dry-run prints).</summary>
public sealed record BuildPlan
{
    public required string Name { get; init; }
    public required string Version { get; init; }
    public required string ManifestPath { get; init; }
    public required string OutputPath { get; init; }
    public required string? GravityBinary { get; init; }
    public required IReadOnlyList<PlannedImage> Images { get; init; }
    /// <summary>Resource files (relative to the manifest folder) and whether their image references get rewritten.</summary>
    public required IReadOnlyList<PlannedResource> Resources { get; init; }
    /// <summary>Files and downloads inlined into the manifest's URI-loadable fields.</summary>
    public IReadOnlyList<Manifest.InlinedContent> Inlined { get; init; } = [];
    /// <summary>Every top-level Helm chart and how its images were found (helm, or the built-in reader).</summary>
    public IReadOnlyList<Discovery.ChartReading> Charts { get; init; } = [];
    /// <summary>Problems that did not stop the build (also reported as progress stages).</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];
}

/// <summary>
/// One image: <see cref="Reference"/> as the application names it, <see cref="Source"/> what is fetched (differs after
/// --set-image), <see cref="Rewritten"/> its name in the cluster registry, and where it comes from.
/// </summary>
public sealed record PlannedImage(ImageReference Reference, ImageReference Source, ImageReference Rewritten, string Origin,
    IReadOnlyList<Discovery.ImageSource> FoundIn);

public sealed record PlannedResource(string Path, bool Rewritten);

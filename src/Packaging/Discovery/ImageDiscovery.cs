using Gravity.Manifest;
using Gravity.Packaging.Discovery.Helm;

namespace Gravity.Packaging.Discovery;

/// <summary>
/// Finds every image an application needs: raw Kubernetes resources of the build folder, the manifest's hook jobs and
/// base images, and Helm charts (read without Helm). Never throws for mistakes in the user's files: they are errors.
/// </summary>
public static class ImageDiscovery
{
    public static Task<DiscoveryResult> DiscoverAsync(string buildDir, AppManifest manifest, DiscoveryOptions options,
        CancellationToken ct = default)
        => Task.Run(() => Discover(buildDir, ManifestImageInputs.From(manifest, options.IncludeBaseImages), options, ct), ct);

    internal static DiscoveryResult Discover(string buildDir, ManifestImageInputs manifest, DiscoveryOptions options, CancellationToken ct)
    {
        var collector = new ImageCollector();
        var locations = ManifestLocations.Load(buildDir, options.ManifestFile);
        ManifestImageScanner.Scan(manifest, locations, collector);

        foreach (var file in ResourceFiles.Enumerate(buildDir, options.Globs, options.Ignore, locations.ManifestFile))
        {
            ct.ThrowIfCancellationRequested();
            ResourceScanner.Scan(File.ReadAllText(Path.Combine(buildDir, file)), file, 0, 0, "", collector);
        }

        ct.ThrowIfCancellationRequested();
        HelmChartScanner.Scan(buildDir, ResourceFiles.FindCharts(buildDir, options.Ignore), options, collector);
        return collector.ToResult();
    }
}

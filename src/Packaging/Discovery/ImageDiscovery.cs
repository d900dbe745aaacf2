using Gravity.Manifest;
using Gravity.Packaging.Discovery.Helm;
using Gravity.Packaging.Discovery.Helm.Rendering;

namespace Gravity.Packaging.Discovery;

/// <summary>
/// Finds every image an application needs: raw Kubernetes resources of the build folder, the manifest's hook jobs and
/// base images, and Helm charts (rendered by helm when <see cref="DiscoveryOptions.Helm"/> is set, else read by the
/// built-in reader). Never throws for mistakes in the user's files: they are errors.
/// </summary>
public static class ImageDiscovery
{
    public static async Task<DiscoveryResult> DiscoverAsync(string buildDir, AppManifest manifest, DiscoveryOptions options,
        CancellationToken ct = default)
    {
        var collector = new ImageCollector();
        if (options.Helm is { } helm)
            await HelmChartRenderer.RenderAsync(buildDir, HelmChartScanner.TopLevel(ResourceFiles.FindCharts(buildDir, options.Ignore)), options, helm,
                collector, ct).ConfigureAwait(false);
        return await Task.Run(() => Discover(buildDir, ManifestImageInputs.From(manifest, options.IncludeBaseImages), options, collector, ct), ct)
            .ConfigureAwait(false);
    }

    internal static DiscoveryResult Discover(string buildDir, ManifestImageInputs manifest, DiscoveryOptions options, ImageCollector collector,
        CancellationToken ct)
    {
        var locations = ManifestLocations.Load(buildDir, options.ManifestFile);
        ManifestImageScanner.Scan(manifest, locations, collector);

        foreach (var file in ResourceFiles.Enumerate(buildDir, options.Globs, options.Ignore, locations.ManifestFile))
        {
            ct.ThrowIfCancellationRequested();
            ResourceScanner.Scan(File.ReadAllText(Path.Combine(buildDir, file)), file, 0, 0, "", collector);
        }

        ct.ThrowIfCancellationRequested();
        if (options.Helm is null) HelmChartScanner.Scan(buildDir, ResourceFiles.FindCharts(buildDir, options.Ignore), options, collector);
        return collector.ToResult();
    }
}

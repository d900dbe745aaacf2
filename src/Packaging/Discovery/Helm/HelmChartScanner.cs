using Gravity.Packaging.Discovery.Helm.Rendering;
using Gravity.Packaging.Discovery.Helm.Templates;

namespace Gravity.Packaging.Discovery.Helm;

/// <summary>
/// Images of every Helm chart under the build folder, without running helm: the built-in reader
/// (<see cref="ChartTemplateReader"/>) renders each chart tree. User values (--values, --set) apply to top-level
/// charts; a subchart (a folder or a .tgz under <c>charts/</c>) gets its parent's values for its name (or alias) and
/// the parent's <c>global</c> values, as helm passes them.
/// </summary>
internal static class HelmChartScanner
{
    public static void Scan(string buildDir, IReadOnlyList<string> chartDirs, DiscoveryOptions options, ImageCollector collector)
    {
        var topLevel = TopLevel(chartDirs);
        if (topLevel.Count == 0) return;
        collector.AddWarning(new DiscoveryError(string.Join(", ", topLevel.Select(d => d.Length == 0 ? "." : d)), 0, 0, NoHelmWarning));
        var texts = LoadUserValues(buildDir, options, collector);
        var userValues = ChartValues.User(texts, options.Set);
        foreach (var dir in topLevel)
        {
            if (HelmChart.Load(new FolderChartFiles(buildDir, dir), collector) is not { } chart) continue;
            collector.AddChart(new ChartReading(dir, chart.Name, false, "read without helm (the result can differ from helm template)"));
            var values = ChartValues.ForChart(chart, userValues, collector);
            HelmAnnotationImages.Scan(chart, collector);
            var found = ChartTemplateReader.Read(chart, values, HelmRenderRequest.ReleaseNameFor(chart.Name), options.HelmNamespace, options.KubeVersion, collector);
            if (found == 0)
                collector.AddWarning(new DiscoveryError(chart.ChartFile, 0, 0, $"Helm chart {chart.Name}: the built-in reader found no image in it"));
        }
    }

    public const string NoHelmWarning = "Helm charts are read without helm (none on PATH; install helm 3 or 4, or pass --helm PATH): " +
                                        "the images found can differ from what helm template renders";

    /// <summary>The chart folders that are not subcharts (in <c>charts/</c>) of another chart folder of the list.</summary>
    public static IReadOnlyList<string> TopLevel(IReadOnlyList<string> chartDirs)
    {
        var dirs = chartDirs.ToHashSet(StringComparer.Ordinal);
        return chartDirs.Where(d => ParentChartDir(d) is not { } parent || !dirs.Contains(parent)).ToList();
    }

    /// <summary>The texts of the values files; a missing or invalid one, and a malformed --set path, are errors.</summary>
    private static List<string> LoadUserValues(string buildDir, DiscoveryOptions options, ImageCollector collector)
    {
        var texts = new List<string>();
        var values = HelmValues.Empty(HelmSetOverride.SourceName);
        foreach (var file in options.ValuesFiles)
        {
            var full = Path.GetFullPath(file);
            var relative = ResourceFiles.ToRelative(buildDir, full);
            var reported = relative.StartsWith("../", StringComparison.Ordinal) ? file : relative;
            if (!File.Exists(full))
                collector.AddError(new DiscoveryError(reported, 0, 0, "values file not found"));
            else if (File.ReadAllText(full) is var text && HelmValues.Parse(text, reported, collector) is not null)
                texts.Add(text);
        }
        foreach (var (path, value) in options.Set)
            if (HelmSetOverride.Apply(values, path, value) is { } error)
                collector.AddError(new DiscoveryError(HelmSetOverride.SourceName, 0, 0, error));
        return texts;
    }

    /// <summary>For <c>x/charts/sub</c>, the chart folder <c>x</c> that holds it; null otherwise.</summary>
    private static string? ParentChartDir(string dir)
    {
        var parts = dir.Split('/');
        if (parts.Length < 2 || parts[^2] != ChartFiles.SubchartsDir) return null;
        return string.Join('/', parts[..^2]);
    }
}

namespace Gravity.Packaging.Discovery.Helm;

/// <summary>
/// Images of every Helm chart under the build folder, without running Helm. User values (--values, --set) apply to
/// top-level charts; a subchart (a folder or a .tgz under <c>charts/</c>) gets its parent's values for its name (or
/// alias) and the parent's <c>global</c> values, as Helm would pass them.
/// </summary>
internal static class HelmChartScanner
{
    private const string ValuesFile = "values.yaml";
    private const int MaxDepth = 16;

    public static void Scan(string buildDir, IReadOnlyList<string> chartDirs, DiscoveryOptions options, ImageCollector collector)
    {
        var topLevel = TopLevel(chartDirs);
        if (topLevel.Count == 0) return;
        collector.AddWarning(new DiscoveryError(string.Join(", ", topLevel.Select(d => d.Length == 0 ? "." : d)), 0, 0, NoHelmWarning));
        var userValues = LoadUserValues(buildDir, options, collector);
        foreach (var dir in topLevel)
        {
            if (HelmChart.Load(new FolderChartFiles(buildDir, dir), collector) is not { } chart) continue;
            collector.AddChart(new ChartReading(dir, chart.Name, false, "read without helm (the result can differ from helm template)"));
            var values = LoadChartValues(chart.Files, collector);
            HelmValues.Merge(values, userValues);
            ScanTree(chart, values, 0, collector);
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

    private static void ScanTree(HelmChart chart, HelmMap values, int depth, ImageCollector collector)
    {
        var subcharts = depth < MaxDepth
            ? chart.Files.Subcharts(collector).Select(f => HelmChart.Load(f, collector)).OfType<HelmChart>().ToList()
            : [];
        var subchartKeys = subcharts.SelectMany(s => chart.SubchartKeys(s.Name)).ToHashSet(StringComparer.Ordinal);

        HelmAnnotationImages.Scan(chart, collector);
        HelmValueImages.Scan(chart, values, subchartKeys, collector);
        HelmTemplateImages.Scan(chart, values, collector);

        foreach (var subchart in subcharts)
        {
            foreach (var key in chart.SubchartKeys(subchart.Name))
            {
                var subValues = LoadChartValues(subchart.Files, collector);
                if (values[key] is HelmMap passed) HelmValues.Merge(subValues, passed);
                if (values["global"] is HelmMap global)
                {
                    if (subValues["global"] is HelmMap own) HelmValues.Merge(own, global);
                    else subValues.Entries["global"] = global.Clone();
                }
                ScanTree(subchart, subValues, depth + 1, collector);
            }
        }
    }

    private static HelmMap LoadChartValues(ChartFiles files, ImageCollector collector)
    {
        var reported = files.ReportedPath(ValuesFile);
        return files.ReadText(ValuesFile) is { } text
            ? HelmValues.Parse(text, reported, collector) ?? HelmValues.Empty(reported)
            : HelmValues.Empty(reported);
    }

    private static HelmMap LoadUserValues(string buildDir, DiscoveryOptions options, ImageCollector collector)
    {
        var values = HelmValues.Empty(HelmSetOverride.SourceName);
        foreach (var file in options.ValuesFiles)
        {
            var full = Path.GetFullPath(file);
            var relative = ResourceFiles.ToRelative(buildDir, full);
            var reported = relative.StartsWith("../", StringComparison.Ordinal) ? file : relative;
            if (!File.Exists(full))
                collector.AddError(new DiscoveryError(reported, 0, 0, "values file not found"));
            else if (HelmValues.Parse(File.ReadAllText(full), reported, collector) is { } loaded)
                HelmValues.Merge(values, loaded);
        }
        foreach (var (path, value) in options.Set)
            if (HelmSetOverride.Apply(values, path, value) is { } error)
                collector.AddError(new DiscoveryError(HelmSetOverride.SourceName, 0, 0, error));
        return values;
    }

    /// <summary>For <c>x/charts/sub</c>, the chart folder <c>x</c> that holds it; null otherwise.</summary>
    private static string? ParentChartDir(string dir)
    {
        var parts = dir.Split('/');
        if (parts.Length < 2 || parts[^2] != ChartFiles.SubchartsDir) return null;
        return string.Join('/', parts[..^2]);
    }
}

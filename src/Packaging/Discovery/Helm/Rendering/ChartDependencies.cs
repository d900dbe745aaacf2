namespace Gravity.Packaging.Discovery.Helm.Rendering;

/// <summary>Dependencies a chart declares (Chart.yaml or requirements.yaml) that are not vendored in its <c>charts/</c>.</summary>
internal static class ChartDependencies
{
    /// <summary>The declared names (as helm matches them: by chart name, not alias) with no chart of that name in charts/.</summary>
    public static IReadOnlyList<string> Missing(HelmChart chart, IReadOnlyList<HelmChart> subcharts)
    {
        var present = subcharts.Select(s => s.Name).ToHashSet(StringComparer.Ordinal);
        return chart.Dependencies.Items()
            .Select(d => d.Node.ChildText("name"))
            .OfType<string>()
            .Where(n => n.Length > 0 && !present.Contains(n))
            .Distinct()
            .ToList();
    }

    public static string Message(IReadOnlyList<string> missing)
        => $"dependencies declared in Chart.yaml are missing from charts/: {string.Join(", ", missing)}; vendor them " +
           "(run `helm dependency build` on a connected machine, then build again)";
}

using YamlDotNet.RepresentationModel;

namespace Gravity.Packaging.Discovery.Helm;

/// <summary>A chart: its files, the Chart.yaml fields that matter here, and its parsed Chart.yaml.</summary>
internal sealed record HelmChart(ChartFiles Files, string Name, string? Version, string? AppVersion, YamlNode Metadata)
{
    private const string RequirementsFile = "requirements.yaml";

    public string ChartFile => Files.ReportedPath(ResourceFiles.ChartFileName);

    /// <summary>Dependencies from Chart.yaml (apiVersion v2) or requirements.yaml (v1).</summary>
    public YamlNode? Dependencies { get; init; }

    /// <summary>The keys under which a parent passes values to the subchart called <paramref name="name"/> (its aliases, or its name).</summary>
    public IReadOnlyList<string> SubchartKeys(string name)
    {
        var aliases = Dependencies.Items()
            .Where(d => d.Node.ChildText("name") == name)
            .Select(d => d.Node.ChildText("alias") ?? name)
            .Distinct()
            .ToList();
        return aliases.Count > 0 ? aliases : [name];
    }

    public static HelmChart? Load(ChartFiles files, ImageCollector collector)
    {
        var chartFile = files.ReportedPath(ResourceFiles.ChartFileName);
        if (Parse(files, ResourceFiles.ChartFileName, collector) is not { } root) return null;
        if (root is not YamlMappingNode || string.IsNullOrEmpty(root.ChildText("name")))
        {
            collector.AddError(new DiscoveryError(chartFile, 1, 1, "Chart.yaml must be a map with a name"));
            return null;
        }
        var dependencies = root.Child("dependencies") ?? Parse(files, RequirementsFile, collector).Child("dependencies");
        return new HelmChart(files, root.ChildText("name")!, root.ChildText("version"), root.ChildText("appVersion"), root)
        {
            Dependencies = dependencies,
        };
    }

    private static YamlNode? Parse(ChartFiles files, string relative, ImageCollector collector)
    {
        if (files.ReadText(relative) is not { } text) return null;
        if (!YamlText.TryLoad(text, files.ReportedPath(relative), 0, out var docs, out var error))
        {
            collector.AddError(error!);
            return null;
        }
        return docs.Count > 0 ? docs[0].RootNode : new YamlMappingNode();
    }
}

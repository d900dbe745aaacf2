using YamlDotNet.RepresentationModel;

namespace Gravity.Packaging.Discovery.Helm;

/// <summary>A chart folder: its relative path, Chart.yaml fields that matter here, and its parsed Chart.yaml.</summary>
internal sealed record HelmChart(string Dir, string Name, string? Version, string? AppVersion, YamlNode Metadata)
{
    public string ChartFile => Dir.Length == 0 ? ResourceFiles.ChartFileName : $"{Dir}/{ResourceFiles.ChartFileName}";

    public string PathOf(string relativeToChart) => Dir.Length == 0 ? relativeToChart : $"{Dir}/{relativeToChart}";

    /// <summary>The keys under which a parent passes values to the subchart called <paramref name="name"/> (its aliases, or its name).</summary>
    public IReadOnlyList<string> SubchartKeys(string name)
    {
        var aliases = Metadata.Child("dependencies").Items()
            .Where(d => d.Node.ChildText("name") == name)
            .Select(d => d.Node.ChildText("alias") ?? name)
            .Distinct()
            .ToList();
        return aliases.Count > 0 ? aliases : [name];
    }

    public static HelmChart? Load(string buildDir, string dir, ImageCollector collector)
    {
        var chartFile = dir.Length == 0 ? ResourceFiles.ChartFileName : $"{dir}/{ResourceFiles.ChartFileName}";
        var text = File.ReadAllText(Path.Combine(buildDir, chartFile));
        if (!YamlText.TryLoad(text, chartFile, 0, out var docs, out var error))
        {
            collector.AddError(error!);
            return null;
        }
        var root = docs.Count > 0 ? docs[0].RootNode : new YamlMappingNode();
        var name = root.ChildText("name") is { Length: > 0 } n ? n : Path.GetFileName(dir);
        return new HelmChart(dir, name, root.ChildText("version"), root.ChildText("appVersion"), root);
    }
}

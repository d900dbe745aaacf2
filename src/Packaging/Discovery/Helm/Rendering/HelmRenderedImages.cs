using YamlDotNet.RepresentationModel;

namespace Gravity.Packaging.Discovery.Helm.Rendering;

/// <summary>
/// The images of <c>helm template</c> output, found by the same rules as raw manifests. Each image is attributed to
/// the template that produced it (helm's <c>#&nbsp;Source:</c> line, mapped into the build folder); lines of rendered
/// text are not lines of the template, so no line is given.
/// </summary>
internal static class HelmRenderedImages
{
    private const string SourcePrefix = "# Source: ";

    public static void Scan(string output, string chartDir, string chartName, ImageCollector collector)
    {
        foreach (var (source, text) in Documents(output))
        {
            var file = ReportedFile(chartDir, source);
            if (!YamlText.TryLoad(text, file, 0, out var documents, out var error))
            {
                collector.AddError(error! with { Line = 0, Column = 0, Message = $"Helm chart {chartName}: helm rendered invalid YAML: {error.Message}" });
                continue;
            }
            foreach (var field in documents.SelectMany(d => KubernetesImageFields.Find(d.RootNode)))
            {
                var origin = $"Helm chart {chartName} (helm template): {field.Origin}";
                if (field.Node is YamlScalarNode { Value: { } value }) collector.Add(value, file, 0, 0, origin);
                else collector.AddError(new DiscoveryError(file, 0, 0, $"{origin}: an image must be a string"));
            }
        }
    }

    /// <summary>The documents of the output with the template each came from ("" when helm did not say).</summary>
    private static IEnumerable<(string Source, string Text)> Documents(string output)
    {
        var source = "";
        var current = new List<string>();
        foreach (var line in output.Split('\n'))
        {
            var trimmed = line.TrimEnd('\r');
            if (trimmed == "---" || trimmed.StartsWith("--- ", StringComparison.Ordinal))
            {
                if (current.Count > 0) yield return (source, string.Join('\n', current));
                current.Clear();
                source = "";
                continue;
            }
            if (source.Length == 0 && trimmed.StartsWith(SourcePrefix, StringComparison.Ordinal)) source = trimmed[SourcePrefix.Length..].Trim();
            current.Add(trimmed);
        }
        if (current.Count > 0) yield return (source, string.Join('\n', current));
    }

    /// <summary><c>web/templates/x.yaml</c> of the chart in <c>charts/web</c> is <c>charts/web/templates/x.yaml</c>.</summary>
    private static string ReportedFile(string chartDir, string source)
    {
        var slash = source.IndexOf('/');
        var inChart = slash < 0 ? source : source[(slash + 1)..];
        if (inChart.Length == 0) inChart = "(helm template output)";
        return chartDir.Length == 0 ? inChart : $"{chartDir}/{inChart}";
    }
}

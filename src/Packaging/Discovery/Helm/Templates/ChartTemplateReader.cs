using YamlDotNet.RepresentationModel;

namespace Gravity.Packaging.Discovery.Helm.Templates;

/// <summary>
/// The built-in reader of one chart tree (a chart and its enabled subcharts), for machines without helm: renders the
/// templates the way helm template would and collects the images of what renders. What it cannot decide is never
/// guessed: a condition it cannot evaluate renders neither branch, an image it cannot resolve is left out, and both
/// are warnings naming the template's file and line.
/// </summary>
internal sealed class ChartTemplateReader
{
    private const int MaxDepth = 16;
    private readonly ImageCollector _collector;
    private readonly string _releaseName;
    private readonly string _namespace;
    private readonly string _kubeVersion;
    private readonly Dictionary<string, IReadOnlyList<TemplateNode>> _defines = new(StringComparer.Ordinal);
    private readonly List<(HelmChart Chart, Dictionary<string, object?> Values, string File, IReadOnlyList<TemplateNode> Nodes)> _templates = [];

    private ChartTemplateReader(ImageCollector collector, string releaseName, string @namespace, string kubeVersion)
    {
        _collector = collector;
        _releaseName = releaseName;
        _namespace = @namespace;
        _kubeVersion = kubeVersion;
    }

    /// <returns>How many images the tree's templates rendered.</returns>
    public static int Read(HelmChart chart, Dictionary<string, object?> values, string releaseName, string @namespace, string kubeVersion, ImageCollector collector)
    {
        var reader = new ChartTemplateReader(collector, releaseName, @namespace, kubeVersion);
        reader.Load(chart, values, 0);
        return reader.RenderAll();
    }

    /// <summary>Parses the templates of a chart and of its enabled subcharts (subcharts first: the parent's definitions win).</summary>
    private void Load(HelmChart chart, Dictionary<string, object?> values, int depth)
    {
        var subcharts = depth < MaxDepth
            ? chart.Files.Subcharts(_collector).Select(f => HelmChart.Load(f, _collector)).OfType<HelmChart>().ToList()
            : [];
        foreach (var missing in Rendering.ChartDependencies.Missing(chart, subcharts))
            _collector.AddWarning(new DiscoveryError(chart.ChartFile, 0, 0,
                $"Helm chart {chart.Name}: dependency {missing} is missing from charts/; its images are not included (vendor it with `helm dependency build`)"));

        foreach (var subchart in subcharts)
        {
            foreach (var key in chart.SubchartKeys(subchart.Name))
            {
                if (!Enabled(chart, subchart.Name, key, values)) continue;
                var subValues = ChartValues.ForSubchart(subchart, values, key, _collector);
                values[key] = subValues;   // the parent sees the subchart's coalesced values, as in helm
                Load(subchart, subValues, depth + 1);
            }
        }

        foreach (var template in chart.Files.FilesUnder("templates"))
        {
            var file = chart.Files.ReportedPath(template);
            var text = chart.Files.ReadText(template);
            if (text is null) continue;
            try
            {
                var nodes = TemplateParser.Parse(file, text, _defines);
                var name = Path.GetFileName(template);
                if (!name.StartsWith('_') && name != "NOTES.txt") _templates.Add((chart, values, file, nodes));
            }
            catch (TemplateSyntaxException e)
            {
                _collector.AddWarning(new DiscoveryError(e.File, e.Line, 0, $"Helm chart {chart.Name}: template does not parse ({e.Message}); it is skipped"));
            }
        }
    }

    /// <summary>A dependency's <c>condition</c> (the first path that holds a bool decides) and <c>tags</c>, as helm applies them.</summary>
    private static bool Enabled(HelmChart parent, string name, string key, Dictionary<string, object?> values)
    {
        var dependency = parent.Dependencies.Items().Select(d => d.Node)
            .FirstOrDefault(d => d.ChildText("name") == name && (d.ChildText("alias") ?? name) == key);
        if (dependency is null) return true;
        foreach (var path in (dependency.ChildText("condition") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            if (Lookup(values, path) is bool enabled) return enabled;
        var tags = dependency.Child("tags").Items().Select(t => t.Node.ScalarValue()).OfType<string>().ToList();
        if (tags.Count > 0 && values.GetValueOrDefault("tags") is Dictionary<string, object?> tagValues)
        {
            var set = tags.Select(t => tagValues.GetValueOrDefault(t)).OfType<bool>().ToList();
            if (set.Count > 0) return set.Any(b => b);
        }
        return true;
    }

    private static object? Lookup(Dictionary<string, object?> values, string path)
    {
        object? current = values;
        foreach (var part in path.Split('.'))
            current = current is Dictionary<string, object?> map ? map.GetValueOrDefault(part) : null;
        return current;
    }

    private int RenderAll()
    {
        var found = 0;
        var evaluator = new TemplateEvaluator(_defines, (file, line, message) => _collector.AddWarning(new DiscoveryError(file, line, 0, message)));
        foreach (var (chart, values, file, nodes) in _templates)
        {
            var data = new Dictionary<string, object?>(StringComparer.Ordinal)
            {
                ["Values"] = values,
                ["Chart"] = new ChartObject(chart.Metadata),
                ["Release"] = new ReleaseObject(_releaseName, _namespace),
                ["Capabilities"] = new CapabilitiesObject(_kubeVersion),
                ["Files"] = new FilesObject(chart.Files, evaluator.NewUnresolved),
                ["Template"] = new TemplateInfoObject(file, Path.GetDirectoryName(file)?.Replace('\\', '/') ?? ""),
            };
            var rendered = evaluator.Render(nodes, data);
            found += Collect(chart, file, rendered, evaluator);
        }
        return found;
    }

    private int Collect(HelmChart chart, string file, RenderedText rendered, TemplateEvaluator evaluator)
    {
        var found = 0;
        var text = rendered.ToString();
        foreach (var (start, document) in Documents(text))
        {
            if (document.Trim().Length == 0) continue;
            if (!YamlText.TryLoad(document, file, 0, out var docs, out var error))
            {
                var (_, line) = rendered.OriginOf(start + (int)Math.Max(0, OffsetOfLine(document, error!.Line)));
                _collector.AddWarning(new DiscoveryError(file, line, 0,
                    $"Helm chart {chart.Name}: what the built-in reader rendered here is not YAML ({error.Message}); its images are not included"));
                continue;
            }
            foreach (var field in docs.SelectMany(d => KubernetesImageFields.Find(d.RootNode)))
            {
                var (source, line) = rendered.OriginOf(start + (int)field.Node.Start.Index);
                var origin = $"Helm chart {chart.Name}: {field.Origin}";
                if (field.Node is not YamlScalarNode { Value: { } value })
                {
                    _collector.AddWarning(new DiscoveryError(source, line, 0, $"{origin}: an image must be a string; skipped"));
                    continue;
                }
                if (value.Contains(Unresolved.MarkerPrefix, StringComparison.Ordinal))
                {
                    _collector.AddWarning(new DiscoveryError(source, line, 0, $"{origin}: the image cannot be resolved without helm ({Reasons(value, evaluator)}); skipped"));
                    continue;
                }
                if (value.Trim().Length == 0)
                {
                    _collector.AddWarning(new DiscoveryError(source, line, 0, $"{origin}: the image renders empty; skipped"));
                    continue;
                }
                if (!Gravity.Oci.ImageReference.TryParse(value.Trim(), out _, out var problem))
                {
                    _collector.AddWarning(new DiscoveryError(source, line, 0, $"{origin}: \"{value.Trim()}\" is not an image reference ({problem}); skipped"));
                    continue;
                }
                _collector.Add(value, source, line, 0, origin);
                found++;
            }
        }
        return found;
    }

    private static string Reasons(string value, TemplateEvaluator evaluator)
    {
        var reasons = new List<string>();
        var at = 0;
        while ((at = value.IndexOf(Unresolved.MarkerPrefix, at, StringComparison.Ordinal)) >= 0)
        {
            at += Unresolved.MarkerPrefix.Length;
            var end = value.IndexOf("__", at, StringComparison.Ordinal);
            if (end < 0 || !int.TryParse(value.AsSpan(at, end - at), out var id)) break;
            if (evaluator.UnresolvedById(id) is { } u) reasons.Add(u.Line > 0 ? $"{u.Reason} at {u.File}:{u.Line}" : u.Reason);
            at = end;
        }
        return string.Join("; ", reasons.Distinct());
    }

    /// <summary>The YAML documents of rendered text (split at <c>---</c> lines) with their offsets.</summary>
    private static IEnumerable<(int Start, string Text)> Documents(string text)
    {
        var start = 0;
        var position = 0;
        while (position <= text.Length)
        {
            var end = text.IndexOf('\n', position);
            var lineEnd = end < 0 ? text.Length : end;
            var line = text[position..lineEnd].TrimEnd('\r');
            if (line == "---" || line.StartsWith("--- ", StringComparison.Ordinal))
            {
                yield return (start, text[start..position]);
                start = end < 0 ? text.Length : end + 1;
            }
            if (end < 0) break;
            position = end + 1;
        }
        yield return (start, text[start..]);
    }

    private static int OffsetOfLine(string text, int line)
    {
        var offset = 0;
        for (var i = 1; i < line && offset >= 0; i++)
        {
            var next = text.IndexOf('\n', offset);
            if (next < 0) return offset;
            offset = next + 1;
        }
        return offset;
    }
}

using YamlDotNet.RepresentationModel;

namespace Gravity.Packaging.Discovery.Helm;

/// <summary>Loading and coalescing of Helm values the way Helm does it: maps merge deeply, anything else replaces, null deletes.</summary>
internal static class HelmValues
{
    public static HelmMap Empty(string file) => new(file, 0);

    /// <summary>The values of a YAML text; an empty or non-map document counts as no values; null after a syntax error.</summary>
    public static HelmMap? Parse(string text, string reportedName, ImageCollector collector)
    {
        if (!YamlText.TryLoad(text, reportedName, 0, out var docs, out var error))
        {
            collector.AddError(error!);
            return null;
        }
        return docs.Count > 0 && FromYaml(docs[0].RootNode, reportedName) is HelmMap map ? map : Empty(reportedName);
    }

    public static HelmValue FromYaml(YamlNode node, string file)
    {
        var line = (int)node.Start.Line;
        switch (node)
        {
            case YamlMappingNode mapping:
                var map = new HelmMap(file, line);
                foreach (var (key, value) in mapping.Children)
                    if (key is YamlScalarNode { Value: { } name }) map.Entries[name] = FromYaml(value, file);
                return map;
            case YamlSequenceNode sequence:
                var list = new HelmList(file, line);
                list.Items.AddRange(sequence.Children.Select(c => FromYaml(c, file)));
                return list;
            default:
                return new HelmScalar(node.IsNull() ? null : node.ScalarValue(), file, line);
        }
    }

    /// <summary>Merges <paramref name="overrides"/> into <paramref name="target"/> (which is modified).</summary>
    public static void Merge(HelmMap target, HelmMap overrides)
    {
        foreach (var (key, value) in overrides.Entries)
        {
            if (value is HelmScalar { Text: null }) target.Entries.Remove(key);
            else if (value is HelmMap source && target[key] is HelmMap existing) Merge(existing, source);
            else target.Entries[key] = value.Clone();
        }
    }

    /// <summary>The node at <c>a.b.c</c>-style segments, or null when any step is missing.</summary>
    public static HelmValue? Lookup(HelmValue root, IEnumerable<string> segments)
    {
        HelmValue? current = root;
        foreach (var segment in segments)
            current = current is HelmMap map ? map[segment] : null;
        return current;
    }
}

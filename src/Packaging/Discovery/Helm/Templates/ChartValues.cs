using System.Globalization;

namespace Gravity.Packaging.Discovery.Helm.Templates;

/// <summary>
/// Values as helm coalesces them, in the reader's data model: the chart's values.yaml under the user's values (a
/// subchart's under its parent's values for its name or alias), maps merged deeply, null deleting a key, and the
/// parent's <c>global</c> over the subchart's.
/// </summary>
internal static class ChartValues
{
    private const string ValuesFile = "values.yaml";

    public static Dictionary<string, object?> ForChart(HelmChart chart, Dictionary<string, object?> overrides, ImageCollector collector)
    {
        var values = Defaults(chart, collector);
        Coalesce(values, overrides);
        return values;
    }

    public static Dictionary<string, object?> ForSubchart(HelmChart subchart, Dictionary<string, object?> parentValues, string key, ImageCollector collector)
    {
        var values = Defaults(subchart, collector);
        if (parentValues.GetValueOrDefault(key) is Dictionary<string, object?> passed) Coalesce(values, (Dictionary<string, object?>)TemplateData.DeepCopy(passed)!);
        if (parentValues.GetValueOrDefault("global") is Dictionary<string, object?> global)
        {
            if (values.GetValueOrDefault("global") is not Dictionary<string, object?> own) values["global"] = own = new Dictionary<string, object?>(StringComparer.Ordinal);
            Coalesce(own, (Dictionary<string, object?>)TemplateData.DeepCopy(global)!);
        }
        return values;
    }

    /// <summary>The user's values: the values files in order, then the --set pairs (typed as helm types them).</summary>
    public static Dictionary<string, object?> User(IEnumerable<string> valuesTexts, IEnumerable<KeyValuePair<string, string>> sets)
    {
        var values = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var text in valuesTexts)
            if (TemplateYaml.Parse(text) is Dictionary<string, object?> map && !map.ContainsKey("Error")) Coalesce(values, map, keepNulls: true);
        foreach (var (path, value) in sets)
            if (HelmSetOverride.Parse(path) is { Count: > 0 } steps) ApplySet(values, steps, SetValue(value));
        return values;
    }

    /// <summary>
    /// One --set into the user's values as helm's strvals.ParseInto does it: through the values files' tree, creating
    /// maps and growing lists on the way, replacing what is not a container.
    /// </summary>
    private static void ApplySet(Dictionary<string, object?> root, List<object> steps, object? value)
    {
        object current = root;
        for (var i = 0; i < steps.Count; i++)
        {
            var last = i == steps.Count - 1;
            object? Fresh() => last ? value : steps[i + 1] is int ? new List<object?>() : new Dictionary<string, object?>(StringComparer.Ordinal);
            bool Fits(object? existing) => !last && (steps[i + 1] is int ? existing is List<object?> : existing is Dictionary<string, object?>);
            switch (steps[i], current)
            {
                case (string key, Dictionary<string, object?> map):
                    if (!Fits(map.GetValueOrDefault(key))) map[key] = Fresh();
                    if (last) return;
                    current = map[key]!;
                    break;
                case (int index, List<object?> list):
                    while (list.Count <= index) list.Add(null);
                    if (!Fits(list[index])) list[index] = Fresh();
                    if (last) return;
                    current = list[index]!;
                    break;
                default:
                    return;   // reported as an error when the --set pairs were read
            }
        }
    }

    /// <summary>
    /// Merges <paramref name="overrides"/> into <paramref name="target"/>: maps deeply, anything else replaces, null
    /// deletes (or, between user values files, is kept so that it deletes the chart's default later).
    /// </summary>
    public static void Coalesce(Dictionary<string, object?> target, Dictionary<string, object?> overrides, bool keepNulls = false)
    {
        foreach (var (key, value) in overrides)
        {
            if (value is null && !keepNulls) target.Remove(key);
            else if (value is Dictionary<string, object?> map && target.GetValueOrDefault(key) is Dictionary<string, object?> existing) Coalesce(existing, map, keepNulls);
            else target[key] = TemplateData.DeepCopy(value);
        }
    }

    private static Dictionary<string, object?> Defaults(HelmChart chart, ImageCollector collector)
    {
        var text = chart.Files.ReadText(ValuesFile);
        if (text is null) return new Dictionary<string, object?>(StringComparer.Ordinal);
        if (!YamlText.TryLoad(text, chart.Files.ReportedPath(ValuesFile), 0, out var docs, out var error))
        {
            collector.AddWarning(error! with { Message = $"Helm chart {chart.Name}: {error.Message}; the chart's defaults are not used" });
            return new Dictionary<string, object?>(StringComparer.Ordinal);
        }
        return docs.Count > 0 && TemplateYaml.FromNode(docs[0].RootNode) is Dictionary<string, object?> map ? map : new Dictionary<string, object?>(StringComparer.Ordinal);
    }

    /// <summary>A --set value as helm's strvals types it: integers are int64, true/false bools, null deletes, anything else a string.</summary>
    private static object? SetValue(string text) => text switch
    {
        "null" => null,
        "true" => true,
        "false" => false,
        _ when long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) && !text.StartsWith('+')
               && (text == "0" || !text.TrimStart('-').StartsWith('0')) => n,
        _ => text,
    };
}

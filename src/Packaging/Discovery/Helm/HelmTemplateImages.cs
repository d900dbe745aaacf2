using System.Text.RegularExpressions;

namespace Gravity.Packaging.Discovery.Helm;

/// <summary>
/// <c>image:</c> lines of a chart's templates: literal references, and references whose template actions can all be
/// resolved from the values and Chart.yaml (see <see cref="HelmTemplateExpression"/>). Other lines are skipped.
/// </summary>
internal static partial class HelmTemplateImages
{
    private static readonly string[] TemplateExtensions = [".yaml", ".yml", ".tpl", ".json"];

    public static void Scan(HelmChart chart, HelmMap values, ImageCollector collector)
    {
        var templates = chart.Files.FilesUnder("templates")
            .Where(f => TemplateExtensions.Contains(Path.GetExtension(f), StringComparer.OrdinalIgnoreCase));
        foreach (var template in templates)
        {
            var file = chart.Files.ReportedPath(template);
            using var reader = new StringReader(chart.Files.ReadText(template) ?? "");
            var lineNumber = 0;
            while (reader.ReadLine() is { } line)
            {
                lineNumber++;
                var m = ImageLineRegex().Match(line);
                if (!m.Success) continue;
                var reference = Resolve(m.Groups["value"].Value, chart, values);
                if (reference is not null)
                    collector.Add(reference, file, lineNumber, m.Groups["value"].Index + 1, $"Helm chart {chart.Name}: template image");
            }
        }
    }

    /// <summary>The reference a line's value renders to; null when it cannot be known without Helm, or is not a scalar.</summary>
    internal static string? Resolve(string value, HelmChart chart, HelmMap values)
    {
        var text = StripComment(value).Trim();
        if (text.Length == 0 || text.StartsWith("{{/*", StringComparison.Ordinal)) return null;
        if (!text.StartsWith("{{", StringComparison.Ordinal) && text[0] is '{' or '[' or '|' or '>' or '&' or '*' or '!') return null;
        text = Unquote(text);
        if (text.Contains("{{"))
        {
            var rendered = HelmTemplateExpression.Render(text, chart, values);
            if (rendered is null) return null;
            text = Unquote(rendered.Trim());
        }
        return text.Length == 0 || text.Any(char.IsWhiteSpace) ? null : text;
    }

    private static string Unquote(string text)
        => text.Length >= 2 && text[0] is '"' or '\'' && text[^1] == text[0] ? text[1..^1] : text;

    /// <summary>Drops a trailing YAML comment (" #...") that is not inside a template action.</summary>
    private static string StripComment(string value)
    {
        var depth = 0;
        for (var i = 0; i < value.Length; i++)
        {
            if (value.AsSpan(i).StartsWith("{{")) { depth++; i++; }
            else if (value.AsSpan(i).StartsWith("}}")) { depth--; i++; }
            else if (value[i] == '#' && depth == 0 && i > 0 && char.IsWhiteSpace(value[i - 1])) return value[..i];
        }
        return value;
    }

    [GeneratedRegex(@"^\s*(?:-\s+)?[""']?image[""']?\s*:\s+(?<value>\S.*?)\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex ImageLineRegex();
}

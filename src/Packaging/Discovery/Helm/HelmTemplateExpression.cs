using System.Text.RegularExpressions;

namespace Gravity.Packaging.Discovery.Helm;

/// <summary>
/// Evaluates the few template actions that image lines commonly use, without Helm: <c>.Values.a.b</c> (also
/// <c>$.Values</c>), <c>.Chart.AppVersion|Version|Name</c>, string literals, and the pipeline functions
/// <c>default</c>, <c>quote</c>, <c>squote</c>, <c>toString</c>, <c>trim</c>. Anything else is not resolvable (null).
/// </summary>
internal static partial class HelmTemplateExpression
{
    /// <summary>The rendered text of <paramref name="text"/>, or null when any action in it is not resolvable.</summary>
    public static string? Render(string text, HelmChart chart, HelmMap values)
    {
        var unresolved = false;
        var rendered = ActionRegex().Replace(text, m =>
        {
            var value = Evaluate(m.Groups["body"].Value, chart, values);
            if (value is null) unresolved = true;
            return value ?? "";
        });
        return unresolved || rendered.Contains("{{") ? null : rendered;
    }

    private static string? Evaluate(string action, HelmChart chart, HelmMap values)
    {
        var stages = SplitPipeline(action.Trim());
        if (stages is null) return null;
        string? current = null;
        for (var i = 0; i < stages.Count; i++)
        {
            var words = Words(stages[i]);
            if (words is null || words.Count == 0) return null;
            var args = words.Skip(1).ToList();
            if (i > 0) args.Add(Literal(current!));   // a pipeline passes the previous value as the last argument
            else if (words.Count == 1) { current = Term(words[0], chart, values); if (current is null) return null; continue; }
            current = Call(words[0], args, chart, values);
            if (current is null) return null;
        }
        return current;
    }

    /// <summary>Marks an already evaluated argument so that it is not read as a term again.</summary>
    private static string Literal(string value) => "\u0000" + value;

    private static string? Call(string function, List<string> args, HelmChart chart, HelmMap values)
    {
        var resolved = args.Select(a => Term(a, chart, values)).ToList();
        if (resolved.Any(r => r is null)) return null;
        return (function, resolved.Count) switch
        {
            ("default", 2) => resolved[1]!.Length > 0 ? resolved[1] : resolved[0],
            ("default", 1) => resolved[0],
            ("quote" or "squote" or "toString" or "trim", 1) => resolved[0]!.Trim(),
            _ => null,
        };
    }

    /// <summary>A literal or a field reference; missing values render empty, as in Helm.</summary>
    private static string? Term(string word, HelmChart chart, HelmMap values)
    {
        if (word.StartsWith('\u0000')) return word[1..];
        if (word.Length >= 2 && word[0] == '"' && word[^1] == '"') return Regex.Unescape(word[1..^1]);
        if (word.Length >= 2 && word[0] == '`' && word[^1] == '`') return word[1..^1];
        var path = word.StartsWith("$.", StringComparison.Ordinal) ? word[1..] : word;
        if (path.StartsWith(".Values.", StringComparison.Ordinal))
        {
            return HelmValues.Lookup(values, path[".Values.".Length..].Split('.')) switch
            {
                null => "",
                HelmScalar s => s.Text ?? "",
                _ => null,
            };
        }
        return path switch
        {
            ".Chart.AppVersion" => chart.AppVersion ?? "",
            ".Chart.Version" => chart.Version ?? "",
            ".Chart.Name" => chart.Name,
            _ => null,
        };
    }

    private static List<string>? SplitPipeline(string action)
    {
        var stages = new List<string>();
        var start = 0;
        var quoted = false;
        for (var i = 0; i < action.Length; i++)
        {
            if (action[i] == '"' && (i == 0 || action[i - 1] != '\\')) quoted = !quoted;
            else if (action[i] == '|' && !quoted) { stages.Add(action[start..i].Trim()); start = i + 1; }
        }
        if (quoted) return null;
        stages.Add(action[start..].Trim());
        return stages.Any(s => s.Length == 0) ? null : stages;
    }

    private static List<string>? Words(string stage)
    {
        if (WordRegex().Replace(stage, "").Trim().Length > 0) return null;   // a stray quote
        return WordRegex().Matches(stage).Select(m => m.Value).ToList();
    }

    [GeneratedRegex(@"\{\{-?\s*(?<body>.*?)\s*-?\}\}", RegexOptions.CultureInvariant)]
    private static partial Regex ActionRegex();

    [GeneratedRegex(@"""(?:[^""\\]|\\.)*""|`[^`]*`|[^\s""`]+", RegexOptions.CultureInvariant)]
    private static partial Regex WordRegex();
}

using System.Text.RegularExpressions;

namespace Gravity.Packaging.Discovery.Helm;

/// <summary>
/// Evaluates the few template actions that image lines commonly use, without Helm: <c>.Values.a.b</c> (also
/// <c>$.Values</c>), <c>.Chart.AppVersion|Version|Name</c>, string literals, and the pipeline functions
/// <c>default</c>, <c>quote</c>, <c>squote</c>, <c>toString</c>, <c>trim</c>. Anything else is not resolvable.
/// A value that is not defined at all makes the text unresolvable unless a <c>default</c> covers it: it is more
/// likely set some other way (another values file, an install-time --set) than meant to be empty.
/// </summary>
internal static partial class HelmTemplateExpression
{
    /// <summary>An evaluated term: its text (empty when missing) and whether it was defined.</summary>
    private readonly record struct Value(string Text, bool Defined)
    {
        public static readonly Value Missing = new("", false);
    }

    /// <summary>The rendered text of <paramref name="text"/>, or null when any action in it is not resolvable.</summary>
    public static string? Render(string text, HelmChart chart, HelmMap values)
    {
        var unresolved = false;
        var rendered = ActionRegex().Replace(text, m =>
        {
            var value = Evaluate(m.Groups["body"].Value, chart, values);
            if (value is not { Defined: true }) unresolved = true;
            return value?.Text ?? "";
        });
        return unresolved || rendered.Contains("{{") ? null : rendered;
    }

    private static Value? Evaluate(string action, HelmChart chart, HelmMap values)
    {
        var stages = SplitPipeline(action.Trim());
        if (stages is null) return null;
        Value? current = null;
        foreach (var stage in stages)
        {
            var words = Words(stage);
            if (words is null || words.Count == 0) return null;
            var args = new List<Value>();
            foreach (var word in words.Skip(1))
                if (Term(word, chart, values) is { } arg) args.Add(arg); else return null;
            if (current is { } piped) args.Add(piped);   // a pipeline passes the previous value as the last argument
            else if (words.Count == 1) { current = Term(words[0], chart, values); if (current is null) return null; continue; }
            current = Call(words[0], args);
            if (current is null) return null;
        }
        return current;
    }

    private static Value? Call(string function, List<Value> args) => (function, args.Count) switch
    {
        ("default", 2) => args[1].Text.Length > 0 ? args[1] : args[0],
        ("quote" or "squote" or "toString" or "trim", 1) => args[0] with { Text = args[0].Text.Trim() },
        _ => null,
    };

    /// <summary>A literal or a field reference; null when it is something this evaluator does not know.</summary>
    private static Value? Term(string word, HelmChart chart, HelmMap values)
    {
        if (word.Length >= 2 && word[0] == '"' && word[^1] == '"') return new Value(Regex.Unescape(word[1..^1]), true);
        if (word.Length >= 2 && word[0] == '`' && word[^1] == '`') return new Value(word[1..^1], true);
        var path = word.StartsWith("$.", StringComparison.Ordinal) ? word[1..] : word;
        if (path.StartsWith(".Values.", StringComparison.Ordinal))
        {
            return HelmValues.Lookup(values, path[".Values.".Length..].Split('.')) switch
            {
                null or HelmScalar { Text: null } => Value.Missing,
                HelmScalar s => new Value(s.Text, true),
                _ => null,
            };
        }
        return path switch
        {
            ".Chart.AppVersion" => chart.AppVersion is { } v ? new Value(v, true) : Value.Missing,
            ".Chart.Version" => chart.Version is { } v ? new Value(v, true) : Value.Missing,
            ".Chart.Name" => new Value(chart.Name, true),
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

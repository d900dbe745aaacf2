using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Gravity.Testing.Kubernetes;

/// <summary>
/// labelSelector and fieldSelector of list, watch and deletecollection. Label selectors have the real grammar (=, ==, !=,
/// in, notin, exists, !exists); a field selector may name any dotted path of the object (=, ==, !=), where the real server
/// accepts only a few per kind.
/// </summary>
public static partial class KubernetesSelector
{
    public static Func<JsonObject, bool> Parse(string? labelSelector, string? fieldSelector)
    {
        var tests = new List<Func<JsonObject, bool>>();
        foreach (var term in SplitTerms(labelSelector)) tests.Add(LabelTerm(term));
        foreach (var term in SplitTerms(fieldSelector)) tests.Add(FieldTerm(term));
        return o => tests.All(t => t(o));
    }

    /// <summary>Whether a LabelSelector object (matchLabels, matchExpressions), as PDBs and Jobs hold, selects these labels.</summary>
    public static bool Matches(JsonObject? selector, JsonObject? labels)
    {
        if (selector is null) return false;
        foreach (var (key, value) in selector["matchLabels"] as JsonObject ?? [])
            if (LabelValue(labels, key) != value?.GetValue<string>()) return false;
        foreach (var expression in (selector["matchExpressions"] as JsonArray ?? []).OfType<JsonObject>())
        {
            var key = expression["key"]?.GetValue<string>() ?? "";
            var values = (expression["values"] as JsonArray ?? []).Select(v => v!.GetValue<string>()).ToList();
            var actual = LabelValue(labels, key);
            var ok = expression["operator"]?.GetValue<string>() switch
            {
                "In" => actual is not null && values.Contains(actual),
                "NotIn" => actual is null || !values.Contains(actual),
                "Exists" => actual is not null,
                "DoesNotExist" => actual is null,
                _ => false,
            };
            if (!ok) return false;
        }
        return true;
    }

    private static IEnumerable<string> SplitTerms(string? selector)
    {
        if (string.IsNullOrWhiteSpace(selector)) yield break;
        var depth = 0;
        var start = 0;
        for (var i = 0; i < selector.Length; i++)
        {
            if (selector[i] == '(') depth++;
            else if (selector[i] == ')') depth--;
            else if (selector[i] == ',' && depth == 0) { yield return selector[start..i].Trim(); start = i + 1; }
        }
        yield return selector[start..].Trim();
    }

    private static Func<JsonObject, bool> LabelTerm(string term)
    {
        Func<JsonObject, string, string?> label = (o, k) => LabelValue(o["metadata"]?["labels"] as JsonObject, k);
        var set = SetTerm().Match(term);
        if (set.Success)
        {
            var key = set.Groups[1].Value;
            var values = set.Groups[3].Value.Split(',').Select(v => v.Trim()).ToHashSet();
            return set.Groups[2].Value == "in"
                ? o => label(o, key) is { } v && values.Contains(v)
                : o => label(o, key) is not { } v || !values.Contains(v);
        }
        if (term.StartsWith('!')) { var key = term[1..].Trim(); return o => label(o, key) is null; }
        var (path, op, value) = Comparison(term, "labelSelector");
        if (op is null) return o => label(o, path) is not null;
        return op == "!=" ? o => label(o, path) != value : o => label(o, path) == value;
    }

    private static Func<JsonObject, bool> FieldTerm(string term)
    {
        var (path, op, value) = Comparison(term, "fieldSelector");
        if (op is null) throw KubernetesApiError.BadRequest($"invalid field selector: '{term}': no operator");
        var segments = path.Split('.');
        return o =>
        {
            JsonNode? node = o;
            foreach (var segment in segments) node = node is JsonObject obj ? obj[segment] : null;
            var actual = node is JsonValue v ? v.ToString() : "";
            return op == "!=" ? actual != value : actual == value;
        };
    }

    private static (string Key, string? Op, string Value) Comparison(string term, string what)
    {
        var m = ComparisonTerm().Match(term);
        if (!m.Success) throw KubernetesApiError.BadRequest($"unable to parse requirement: invalid {what}: '{term}'");
        return (m.Groups[1].Value, m.Groups[2].Success && m.Groups[2].Length > 0 ? m.Groups[2].Value : null, m.Groups[3].Value);
    }

    private static string? LabelValue(JsonObject? labels, string key) => labels?[key]?.GetValue<string>();

    [GeneratedRegex(@"^([A-Za-z0-9./_-]+)\s+(in|notin)\s+\(([^)]*)\)$")]
    private static partial Regex SetTerm();

    [GeneratedRegex(@"^([A-Za-z0-9./_-]+)\s*(==|!=|=)?\s*([A-Za-z0-9._-]*)$")]
    private static partial Regex ComparisonTerm();
}

using System.Text;

namespace Gravity.Packaging.Discovery.Helm;

/// <summary>
/// Applies one <c>--set path=value</c>: path segments separated by '.', <c>\.</c> for a literal dot, <c>[n]</c> for a
/// list index (lists grow as needed, as in Helm); the value <c>null</c> removes the key from the chart's values.
/// </summary>
internal static class HelmSetOverride
{
    public const string SourceName = "--set";

    public static string? Apply(HelmMap root, string path, string value)
    {
        var steps = Parse(path);
        if (steps is null || steps.Count == 0) return $"invalid --set path \"{path}\"";
        // A null is kept (not removed here) so that merging it over the chart's values deletes the key there too.
        var leaf = new HelmScalar(value == "null" ? null : value, SourceName, 0);

        HelmValue current = root;
        for (var i = 0; i < steps.Count; i++)
        {
            var last = i == steps.Count - 1;
            var step = steps[i];
            HelmValue Next() => last ? leaf : steps[i + 1] is int ? new HelmList(SourceName, 0) : new HelmMap(SourceName, 0);
            switch (step)
            {
                case string key when current is HelmMap map:
                    if (last || !IsContainerFor(map[key], steps[i + 1])) map.Entries[key] = Next();
                    current = map[key]!;
                    break;
                case int index when current is HelmList list:
                    while (list.Items.Count <= index) list.Items.Add(new HelmScalar(null, SourceName, 0));
                    if (last || !IsContainerFor(list.Items[index], steps[i + 1])) list.Items[index] = Next();
                    current = list.Items[index];
                    break;
                default:
                    return $"invalid --set path \"{path}\": {Describe(steps, i)} is not a {(step is int ? "list" : "map")}";
            }
        }
        return null;
    }

    private static bool IsContainerFor(HelmValue? value, object nextStep)
        => nextStep is int ? value is HelmList : value is HelmMap;

    private static string Describe(List<object> steps, int upTo)
        => upTo == 0 ? "the top level" : string.Concat(steps.Take(upTo).Select((s, i) => s is int n ? $"[{n}]" : (i == 0 ? "" : ".") + s));

    /// <summary>Segments: string keys and int indexes; null when malformed.</summary>
    internal static List<object>? Parse(string path)
    {
        var steps = new List<object>();
        var key = new StringBuilder();
        var expectKey = true;
        for (var i = 0; i < path.Length; i++)
        {
            var c = path[i];
            if (c == '\\' && i + 1 < path.Length) { key.Append(path[++i]); continue; }
            if (c == '.' || c == '[')
            {
                if (key.Length > 0) steps.Add(key.ToString());
                else if (expectKey) return null;
                key.Clear();
                if (c == '[')
                {
                    var end = path.IndexOf(']', i);
                    if (end < 0 || !int.TryParse(path.AsSpan(i + 1, end - i - 1), out var index) || index < 0) return null;
                    steps.Add(index);
                    i = end;
                    expectKey = false;
                    if (i + 1 < path.Length && path[i + 1] == '.') { i++; expectKey = true; }
                }
                else expectKey = true;
                continue;
            }
            key.Append(c);
            expectKey = false;
        }
        if (key.Length > 0) steps.Add(key.ToString());
        else if (expectKey) return null;
        return steps;
    }
}

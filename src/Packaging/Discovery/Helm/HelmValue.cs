namespace Gravity.Packaging.Discovery.Helm;

/// <summary>A node of a Helm values tree, remembering the file and line it came from (line 0 for --set).</summary>
internal abstract class HelmValue(string file, int line)
{
    public string File { get; } = file;
    public int Line { get; } = line;

    public abstract HelmValue Clone();
}

internal sealed class HelmScalar(string? text, string file, int line) : HelmValue(file, line)
{
    /// <summary>The scalar as written; null for YAML null.</summary>
    public string? Text { get; } = text;

    public override HelmValue Clone() => this;   // immutable
}

internal sealed class HelmList(string file, int line) : HelmValue(file, line)
{
    public List<HelmValue> Items { get; } = [];

    public override HelmValue Clone()
    {
        var copy = new HelmList(File, Line);
        copy.Items.AddRange(Items.Select(i => i.Clone()));
        return copy;
    }
}

internal sealed class HelmMap(string file, int line) : HelmValue(file, line)
{
    public Dictionary<string, HelmValue> Entries { get; } = new(StringComparer.Ordinal);

    public HelmValue? this[string key] => Entries.GetValueOrDefault(key);

    /// <summary>The non-empty text of a scalar entry, else null.</summary>
    public string? Text(string key) => this[key] is HelmScalar { Text: { Length: > 0 } t } ? t : null;

    public override HelmValue Clone()
    {
        var copy = new HelmMap(File, Line);
        foreach (var (key, value) in Entries) copy.Entries[key] = value.Clone();
        return copy;
    }
}

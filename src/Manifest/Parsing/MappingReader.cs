using YamlDotNet.RepresentationModel;

namespace Gravity.Manifest.Parsing;

/// <summary>Reads the fields of one YAML mapping with type checks, remembers positions, and at the end reports every
/// key that no one asked for (unknown fields).</summary>
internal sealed class MappingReader
{
    private readonly ParseContext _ctx;
    private readonly Dictionary<string, (YamlScalarNode Key, YamlNode Value)> _entries = new(StringComparer.Ordinal);
    private readonly HashSet<string> _used = new(StringComparer.Ordinal);

    private MappingReader(ParseContext ctx, YamlMappingNode node, string path)
    {
        _ctx = ctx;
        Node = node;
        Path = path;
        foreach (var (key, value) in node.Children)
        {
            if (key is YamlScalarNode { Value: { } name } scalar) _entries[name] = (scalar, value);
            else ctx.Error(key, path, "keys must be strings");
        }
    }

    public YamlMappingNode Node { get; }
    public string Path { get; }
    public ParseContext Context => _ctx;

    /// <summary>A reader for <paramref name="node"/>, or null (after reporting) when it is not a mapping.</summary>
    public static MappingReader? Open(ParseContext ctx, YamlNode node, string path)
    {
        ctx.Remember(path, node);
        if (node is YamlMappingNode mapping) return new MappingReader(ctx, mapping, path);
        ctx.Error(node, path, $"expected a mapping, got {Scalars.Describe(node)}");
        return null;
    }

    public string PathOf(string key) => FieldPath.Field(Path, key);

    public IEnumerable<string> Keys => _entries.Keys;

    /// <summary>The value of <paramref name="key"/>; null when absent or null. Reports a missing required field.</summary>
    public YamlNode? Get(string key, bool required = false)
    {
        _used.Add(key);
        if (_entries.TryGetValue(key, out var entry) && !Scalars.IsNull(entry.Value))
        {
            _ctx.Remember(PathOf(key), entry.Value);
            return entry.Value;
        }
        if (entry.Value is not null) _ctx.Remember(PathOf(key), entry.Value);
        if (required) _ctx.Error(entry.Value ?? Node, PathOf(key), "required field is missing");
        return null;
    }

    public YamlScalarNode? Scalar(string key, bool required = false)
    {
        var node = Get(key, required);
        if (node is null or YamlScalarNode) return (YamlScalarNode?)node;
        _ctx.Error(node, PathOf(key), $"expected a string, got {Scalars.Describe(node)}");
        return null;
    }

    public string? String(string key, bool required = false)
    {
        var scalar = Scalar(key, required);
        if (scalar is null) return null;
        if (required && string.IsNullOrEmpty(scalar.Value))
        {
            _ctx.Error(scalar, PathOf(key), "must not be empty");
            return null;
        }
        return scalar.Value;
    }

    public long? Long(string key, bool required = false, long min = long.MinValue, long max = long.MaxValue)
    {
        var node = Get(key, required);
        if (node is null) return null;
        if (node is not YamlScalarNode scalar || !Scalars.TryLong(scalar, out var value))
        {
            _ctx.Error(node, PathOf(key), $"expected an integer, got {Scalars.Describe(node)}");
            return null;
        }
        if (value < min || value > max)
        {
            var rule = max >= int.MaxValue
                ? value > max ? $"must be at most {max}" : $"must be >= {min}"
                : $"must be between {min} and {max}";
            _ctx.Error(node, PathOf(key), $"{rule}, got {value}");
            return null;
        }
        return value;
    }

    public int? Int(string key, bool required = false, int min = int.MinValue, int max = int.MaxValue) =>
        (int?)Long(key, required, min, max);

    public bool? Bool(string key)
    {
        var node = Get(key);
        if (node is null) return null;
        if (node is YamlScalarNode scalar && Scalars.TryBool(scalar, out var value)) return value;
        _ctx.Error(node, PathOf(key), $"expected true or false, got {Scalars.Describe(node)}");
        return null;
    }

    /// <summary>A string that must be one of <paramref name="allowed"/>.</summary>
    public string? Enum(string key, IReadOnlyList<string> allowed, bool required = false)
    {
        var scalar = Scalar(key, required);
        if (scalar?.Value is not { } value) return null;
        if (allowed.Contains(value, StringComparer.Ordinal)) return value;
        _ctx.Error(scalar, PathOf(key), $"\"{value}\" is not one of {string.Join(", ", allowed)}");
        return null;
    }

    public MappingReader? Object(string key, bool required = false) =>
        Get(key, required) is { } node ? Open(_ctx, node, PathOf(key)) : null;

    /// <summary>The items of a list field with their paths; reports a value that is not a list, and an empty list when
    /// the field is required.</summary>
    public IReadOnlyList<(YamlNode Node, string Path)> Sequence(string key, bool required = false)
    {
        var node = Get(key, required);
        if (node is null) return [];
        if (node is not YamlSequenceNode seq)
        {
            _ctx.Error(node, PathOf(key), $"expected a list, got {Scalars.Describe(node)}");
            return [];
        }
        if (required && seq.Children.Count == 0) _ctx.Error(node, PathOf(key), "must have at least one item");
        var items = new List<(YamlNode, string)>();
        for (var i = 0; i < seq.Children.Count; i++)
        {
            var path = FieldPath.Index(PathOf(key), i);
            _ctx.Remember(path, seq.Children[i]);
            items.Add((seq.Children[i], path));
        }
        return items;
    }

    /// <summary>A list of strings (plain numbers are accepted as their text).</summary>
    public IReadOnlyList<string> StringList(string key, bool required = false)
    {
        var result = new List<string>();
        foreach (var (node, path) in Sequence(key, required))
        {
            if (node is YamlScalarNode { Value: { } v } s && !Scalars.IsNull(s)) result.Add(v);
            else _ctx.Error(node, path, $"expected a string, got {Scalars.Describe(node)}");
        }
        return result;
    }

    /// <summary>A free-form map of strings to strings (labels, selector).</summary>
    public IReadOnlyDictionary<string, string>? StringMap(string key)
    {
        var node = Get(key);
        if (node is null) return null;
        if (node is not YamlMappingNode map)
        {
            _ctx.Error(node, PathOf(key), $"expected a mapping, got {Scalars.Describe(node)}");
            return null;
        }
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (k, v) in map.Children)
        {
            var name = (k as YamlScalarNode)?.Value ?? "";
            var path = FieldPath.Field(PathOf(key), name);
            _ctx.Remember(path, v);
            if (v is YamlScalarNode { Value: { } text } s && !Scalars.IsNull(s)) result[name] = text;
            else _ctx.Error(v, path, $"expected a string, got {Scalars.Describe(v)}");
        }
        return result;
    }

    /// <summary>A free-form value tree (ingress, storage).</summary>
    public IReadOnlyDictionary<string, object?>? FreeFormMap(string key)
    {
        var node = Get(key);
        if (node is null) return null;
        if (Scalars.ToFreeForm(node) is IReadOnlyDictionary<string, object?> map) return map;
        _ctx.Error(node, PathOf(key), $"expected a mapping, got {Scalars.Describe(node)}");
        return null;
    }

    /// <summary>Reports every key not read so far.</summary>
    public void RejectUnknown(string message = "unknown field")
    {
        foreach (var (name, entry) in _entries)
        {
            if (!_used.Contains(name)) _ctx.Error(entry.Key, PathOf(name), message);
        }
    }
}

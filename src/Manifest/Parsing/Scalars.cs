using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Gravity.Manifest.Parsing;

/// <summary>YAML 1.2 core-schema reading of scalars: plain (unquoted) scalars may be null, booleans or integers;
/// quoted scalars are always strings.</summary>
internal static class Scalars
{
    public static bool IsNull(YamlNode node) =>
        node is YamlScalarNode { Style: ScalarStyle.Plain or ScalarStyle.Any } s
        && s.Tag.IsEmpty
        && (s.Value is null or "" or "~" or "null" or "Null" or "NULL");

    public static bool IsPlain(YamlScalarNode node) => node.Style is ScalarStyle.Plain or ScalarStyle.Any && node.Tag.IsEmpty;

    public static bool TryBool(YamlScalarNode node, out bool value)
    {
        value = false;
        if (!IsPlain(node)) return false;
        switch (node.Value)
        {
            case "true" or "True" or "TRUE": value = true; return true;
            case "false" or "False" or "FALSE": return true;
            default: return false;
        }
    }

    public static bool TryLong(YamlScalarNode node, out long value)
    {
        value = 0;
        return IsPlain(node) && node.Value is { Length: > 0 } text
            && long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);
    }

    /// <summary>A free-form value: null, bool, long, string, list or map.</summary>
    public static object? ToFreeForm(YamlNode node) => node switch
    {
        YamlMappingNode m => m.Children.ToDictionary(
            kv => kv.Key is YamlScalarNode k ? k.Value ?? "" : kv.Key.ToString(),
            kv => ToFreeForm(kv.Value), StringComparer.Ordinal) as IReadOnlyDictionary<string, object?>,
        YamlSequenceNode s => s.Children.Select(ToFreeForm).ToList(),
        YamlScalarNode sc when IsNull(sc) => null,
        YamlScalarNode sc when TryBool(sc, out var b) => b,
        YamlScalarNode sc when TryLong(sc, out var l) => l,
        YamlScalarNode sc => sc.Value ?? "",
        _ => null,
    };

    public static string Describe(YamlNode node) => node switch
    {
        YamlMappingNode => "a mapping",
        YamlSequenceNode => "a list",
        YamlScalarNode s when IsNull(s) => "null",
        YamlScalarNode s when TryBool(s, out _) => "a boolean",
        YamlScalarNode s when TryLong(s, out _) => "an integer",
        _ => "a string",
    };
}

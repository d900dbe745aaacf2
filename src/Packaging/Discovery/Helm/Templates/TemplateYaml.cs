using System.Globalization;
using System.Text;
using System.Text.Json;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Gravity.Packaging.Discovery.Helm.Templates;

/// <summary>
/// YAML and JSON as Helm's templates see them: values parsed the way Helm parses them (through JSON, so every number is
/// a float64; YAML 1.1 booleans), and toYaml/toJson output with sorted keys.
/// </summary>
internal static class TemplateYaml
{
    private const int MaxDepth = 200;

    public static object? FromNode(YamlNode? node, int depth = 0)
    {
        if (depth > MaxDepth) return null;
        switch (node)
        {
            case YamlMappingNode map:
                var dict = new Dictionary<string, object?>(StringComparer.Ordinal);
                foreach (var (key, value) in map.Children)
                    if (key is YamlScalarNode { Value: { } name }) dict[name] = FromNode(value, depth + 1);
                return dict;
            case YamlSequenceNode seq:
                return seq.Children.Select(c => FromNode(c, depth + 1)).ToList();
            case YamlScalarNode scalar:
                return scalar.Style is ScalarStyle.Plain ? Resolve(scalar.Value ?? "") : scalar.Value ?? "";
            default:
                return null;
        }
    }

    /// <summary>A plain YAML scalar's value: null, bool (YAML 1.1 words too), number (as float64), or the string.</summary>
    public static object? Resolve(string text) => text switch
    {
        "" or "~" or "null" or "Null" or "NULL" => null,
        "true" or "True" or "TRUE" or "yes" or "Yes" or "YES" or "on" or "On" or "ON" or "y" or "Y" => true,
        "false" or "False" or "FALSE" or "no" or "No" or "NO" or "off" or "Off" or "OFF" or "n" or "N" => false,
        _ when IsNumber(text, out var d) => d,
        _ => text,
    };

    private static bool IsNumber(string text, out double value)
    {
        value = 0;
        if (text.Length == 0 || !(char.IsDigit(text[0]) || text[0] is '-' or '+' or '.')) return false;
        var s = text.Replace("_", "");
        if (s.StartsWith("0x", StringComparison.Ordinal) && long.TryParse(s[2..], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var hex)) { value = hex; return true; }
        if (s is ".inf" or "+.inf" or ".nan") return false;
        return System.Text.RegularExpressions.Regex.IsMatch(s, @"^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$")
               && double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
    }

    public static object? Parse(string text)
    {
        try
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(text));
            return stream.Documents.Count > 0 ? FromNode(stream.Documents[0].RootNode) : new Dictionary<string, object?>(StringComparer.Ordinal);
        }
        catch (YamlException e)
        {
            return new Dictionary<string, object?>(StringComparer.Ordinal) { ["Error"] = e.Message };
        }
    }

    /// <summary>toYaml: block style, sorted keys, no trailing newline (as Helm trims it).</summary>
    public static string Serialize(object? value)
    {
        var sb = new StringBuilder();
        Write(sb, value, 0, inSequence: false);
        return sb.ToString().TrimEnd('\n');
    }

    private static void Write(StringBuilder sb, object? value, int indent, bool inSequence)
    {
        var pad = new string(' ', indent);
        switch (value)
        {
            case Dictionary<string, object?> { Count: > 0 } map:
                var first = true;
                foreach (var (key, item) in map.OrderBy(kv => kv.Key, StringComparer.Ordinal))
                {
                    if (!(first && inSequence)) sb.Append(pad);
                    first = false;
                    sb.Append(Scalar(key)).Append(':');
                    WriteChild(sb, item, indent, childIndent: item is List<object?> ? indent : indent + 2);
                }
                break;
            case List<object?> { Count: > 0 } list:
                var firstItem = true;
                foreach (var item in list)
                {
                    if (!(firstItem && inSequence)) sb.Append(pad);
                    firstItem = false;
                    sb.Append("- ");
                    if (item is Dictionary<string, object?> { Count: > 0 } or List<object?> { Count: > 0 }) Write(sb, item, indent + 2, inSequence: true);
                    else sb.Append(Scalar(item)).Append('\n');
                }
                break;
            default:
                sb.Append(Scalar(value)).Append('\n');
                break;
        }
    }

    private static void WriteChild(StringBuilder sb, object? item, int indent, int childIndent)
    {
        _ = indent;
        if (item is Dictionary<string, object?> { Count: > 0 } or List<object?> { Count: > 0 })
        {
            sb.Append('\n');
            Write(sb, item, childIndent, inSequence: false);
        }
        else sb.Append(' ').Append(Scalar(item)).Append('\n');
    }

    private static string Scalar(object? value) => value switch
    {
        null => "null",
        bool b => b ? "true" : "false",
        long l => l.ToString(CultureInfo.InvariantCulture),
        double d => TemplateData.GoFloat(d, json: true),
        Dictionary<string, object?> => "{}",
        List<object?> => "[]",
        string s => NeedsQuotes(s) ? TemplateData.Quote(s) : s,
        _ => TemplateData.Quote(TemplateData.Print(value)),
    };

    private static bool NeedsQuotes(string s)
        => s.Length == 0 || Resolve(s) is not string || s != s.Trim() || s.Contains(": ") || s.Contains(" #") || s.EndsWith(':')
           || s.Any(c => c is '\n' or '\r' or '\t' or '"' or '\\') || "-?:,[]{}#&*!|>'%@`".Contains(s[0]);

    public static string Json(object? value, bool indented = false)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = indented, SkipValidation = true }))
            WriteJson(writer, value, 0);
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void WriteJson(Utf8JsonWriter writer, object? value, int depth)
    {
        if (depth > MaxDepth) { writer.WriteNullValue(); return; }
        switch (value)
        {
            case null: writer.WriteNullValue(); break;
            case bool b: writer.WriteBooleanValue(b); break;
            case long l: writer.WriteNumberValue(l); break;
            case double d: writer.WriteRawValue(TemplateData.GoFloat(d, json: true), skipInputValidation: true); break;
            case string s: writer.WriteStringValue(s); break;
            case Dictionary<string, object?> map:
                writer.WriteStartObject();
                foreach (var (k, v) in map.OrderBy(kv => kv.Key, StringComparer.Ordinal)) { writer.WritePropertyName(k); WriteJson(writer, v, depth + 1); }
                writer.WriteEndObject();
                break;
            case List<object?> list:
                writer.WriteStartArray();
                foreach (var item in list) WriteJson(writer, item, depth + 1);
                writer.WriteEndArray();
                break;
            default: writer.WriteStringValue(TemplateData.Print(value)); break;
        }
    }
}

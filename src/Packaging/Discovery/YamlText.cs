using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Gravity.Packaging.Discovery;

/// <summary>Loads YAML (or JSON) text into nodes that keep their positions.</summary>
internal static class YamlText
{
    /// <summary>All documents of <paramref name="text"/>, or the syntax error with its position (lines offset by <paramref name="lineOffset"/>).</summary>
    public static bool TryLoad(string text, string file, int lineOffset, out IReadOnlyList<YamlDocument> documents, out DiscoveryError? error)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
            documents = stream.Documents.ToList();
            error = null;
            return true;
        }
        catch (YamlException e)
        {
            documents = [];
            var message = e.InnerException is { } inner && inner.Message != e.Message ? $"{e.Message}: {inner.Message}" : e.Message;
            error = new DiscoveryError(file, (int)e.Start.Line + lineOffset, (int)e.Start.Column, "invalid YAML: " + message);
            return false;
        }
    }

    public static YamlNode? Child(this YamlNode? node, string key)
        => node is YamlMappingNode map && map.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value : null;

    public static string? ScalarValue(this YamlNode? node) => node is YamlScalarNode s ? s.Value : null;

    public static string? ChildText(this YamlNode? node, string key) => node.Child(key).ScalarValue();

    public static IEnumerable<(YamlNode Node, int Index)> Items(this YamlNode? node)
        => node is YamlSequenceNode seq ? seq.Children.Select((n, i) => (n, i)) : [];

    /// <summary>Null for YAML null (<c>~</c>, <c>null</c> or nothing), so that absent and empty-but-null read alike.</summary>
    public static bool IsNull(this YamlNode? node)
        => node is null || (node is YamlScalarNode { Style: ScalarStyle.Plain } s && (s.Value is null or "" or "~" or "null" or "Null" or "NULL"));
}

using YamlDotNet.RepresentationModel;

namespace Gravity.Manifest.Emitting;

/// <summary>Writes the (expanded, inlined) node tree back as YAML: the app.yaml stored in a cluster image.</summary>
internal static class FinalYamlWriter
{
    public static string Write(YamlNode root)
    {
        var writer = new StringWriter { NewLine = "\n" };
        new YamlStream(new YamlDocument(root)).Save(writer, assignAnchors: false);
        var text = writer.ToString();
        // YamlStream ends the document with "..."; a single-document file needs no end marker.
        return text.EndsWith("...\n", StringComparison.Ordinal) ? text[..^4] : text;
    }
}

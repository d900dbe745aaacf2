using System.Text;
using Gravity.Core;
using Gravity.Oci;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Gravity.Packaging.Discovery;

/// <summary>
/// Points the images of the hook jobs held in a manifest (<c>hooks.*.job</c>, inlined job YAML) at other references.
/// A job written as a literal block (<c>job: |</c>) is edited in place, so the rest of the manifest stays
/// byte-identical; a job in any other style is replaced by a double-quoted scalar of the rewritten job.
/// </summary>
public static class ManifestHookRewriter
{
    /// <exception cref="GravityException">The manifest or a hook job is not valid YAML.</exception>
    public static RewriteResult Rewrite(string manifestYaml, Func<ImageReference, ImageReference?> map)
    {
        var bom = manifestYaml.StartsWith('\uFEFF') ? 1 : 0;
        if (!YamlText.TryLoad(manifestYaml[bom..], "manifest", 0, out var documents, out var error))
            throw new GravityException(error!.ToString());

        var changes = new List<(ImageReference From, ImageReference To)>();
        var edits = new List<TextEdit>();
        var lines = LineStarts(manifestYaml);
        var hooks = documents.Count > 0 ? documents[0].RootNode.Child("hooks") as YamlMappingNode : null;
        foreach (var (name, hook) in hooks?.Children ?? Enumerable.Empty<KeyValuePair<YamlNode, YamlNode>>())
        {
            if (hook.Child("job") is not YamlScalarNode { Value: { } job } scalar) continue;
            List<TextEdit> inner;
            try { inner = ResourceRewriter.FindEdits(job, map, changes).ToList(); }
            catch (GravityException e) { throw new GravityException($"hooks.{name.ScalarValue()}.job: {e.Message}"); }
            if (inner.Count == 0) continue;

            var start = (int)scalar.Start.Index + bom;
            var end = (int)scalar.End.Index + bom;
            var mapped = scalar.Style == ScalarStyle.Literal ? MapIntoBlock(manifestYaml, lines, (int)scalar.Start.Line, job, inner) : null;
            edits.AddRange(mapped ?? [new TextEdit(start, end, DoubleQuoted(TextEdit.Apply(job, inner)))]);
        }
        return new RewriteResult(edits.Count == 0 ? manifestYaml : TextEdit.Apply(manifestYaml, edits), changes);
    }

    /// <summary>
    /// Moves edits of a literal block's value onto the manifest text: value line k is manifest line
    /// <paramref name="indicatorLine"/> + 1 + k, with the block's indentation in front. Null when a line does not match.
    /// </summary>
    private static List<TextEdit>? MapIntoBlock(string text, List<int> lineStarts, int indicatorLine, string value, List<TextEdit> edits)
    {
        var valueLineStarts = LineStarts(value);
        var result = new List<TextEdit>();
        foreach (var edit in edits)
        {
            var valueLine = valueLineStarts.FindLastIndex(s => s <= edit.Start);
            var valueLineEnd = valueLine + 1 < valueLineStarts.Count ? valueLineStarts[valueLine + 1] - 1 : value.Length;
            if (edit.End > valueLineEnd) return null;   // an image written over several lines
            var valueLineText = value[valueLineStarts[valueLine]..valueLineEnd];
            var textLine = indicatorLine + valueLine;   // indicatorLine is 1-based, lineStarts 0-based: the next line
            if (textLine >= lineStarts.Count) return null;
            var textLineEnd = textLine + 1 < lineStarts.Count ? lineStarts[textLine + 1] - 1 : text.Length;
            var textLineText = text[lineStarts[textLine]..textLineEnd].TrimEnd('\r');
            if (!textLineText.EndsWith(valueLineText, StringComparison.Ordinal)) return null;
            var shift = lineStarts[textLine] + textLineText.Length - valueLineText.Length - valueLineStarts[valueLine];
            result.Add(edit with { Start = edit.Start + shift, End = edit.End + shift });
        }
        return result;
    }

    private static List<int> LineStarts(string text)
    {
        var starts = new List<int> { 0 };
        for (var i = 0; i < text.Length; i++)
            if (text[i] == '\n') starts.Add(i + 1);
        return starts;
    }

    private static string DoubleQuoted(string value)
    {
        var sb = new StringBuilder("\"");
        foreach (var c in value)
        {
            sb.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                < ' ' => $"\\x{(int)c:x2}",
                _ => c.ToString(),
            });
        }
        return sb.Append('"').ToString();
    }
}

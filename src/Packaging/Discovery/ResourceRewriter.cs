using System.Text;
using Gravity.Core;
using Gravity.Oci;
using YamlDotNet.RepresentationModel;

namespace Gravity.Packaging.Discovery;

/// <summary>
/// Points the image fields of raw Kubernetes resources (workload containers, ImageSet entries) at other references,
/// editing only the characters of each image scalar so that everything else (comments, order, quoting style, line
/// endings) stays byte-identical.
/// </summary>
public static class ResourceRewriter
{
    /// <param name="map">The new reference for an image, or null to leave it as it is.</param>
    /// <exception cref="GravityException">The text is not valid YAML.</exception>
    public static RewriteResult Rewrite(string yamlText, Func<ImageReference, ImageReference?> map)
    {
        var changes = new List<(ImageReference From, ImageReference To)>();
        var edits = FindEdits(yamlText, map, changes);
        return new RewriteResult(edits.Count == 0 ? yamlText : TextEdit.Apply(yamlText, edits), changes);
    }

    /// <summary>
    /// <see cref="Rewrite"/> on a file's bytes (UTF-8): a byte order mark is kept, and content without changes is
    /// returned as it was.
    /// </summary>
    public static (byte[] Content, IReadOnlyList<(ImageReference From, ImageReference To)> Changes) RewriteUtf8(
        byte[] content, Func<ImageReference, ImageReference?> map)
    {
        var result = Rewrite(Encoding.UTF8.GetString(content), map);   // GetString keeps a BOM as U+FEFF
        return result.Changes.Count == 0 ? (content, result.Changes) : (Encoding.UTF8.GetBytes(result.Text), result.Changes);
    }

    /// <summary>The edits that rewrite the image scalars of <paramref name="text"/>; changes made are added to <paramref name="changes"/>.</summary>
    internal static IReadOnlyList<TextEdit> FindEdits(string text, Func<ImageReference, ImageReference?> map,
        List<(ImageReference From, ImageReference To)> changes)
    {
        // Marks are offsets into what the parser read, so parse without a byte order mark and shift by its length.
        var bom = text.StartsWith('\uFEFF') ? 1 : 0;
        if (!YamlText.TryLoad(text[bom..], "resource", 0, out var documents, out var error))
            throw new GravityException(error!.ToString());

        var edits = new Dictionary<int, TextEdit>();
        foreach (var field in documents.SelectMany(d => KubernetesImageFields.Find(d.RootNode)))
        {
            if (field.Node is not YamlScalarNode { Value: { } value } scalar) continue;
            if (!ImageReference.TryParse(value.Trim(), out var from, out _)) continue;
            if (map(from) is not { } to || to.ToString() == value) continue;
            var start = (int)scalar.Start.Index + bom;
            if (edits.ContainsKey(start)) continue;   // an alias shares its anchor's scalar
            var end = (int)scalar.End.Index + bom;
            edits[start] = new TextEdit(start, end, ReplaceValue(text[start..end], value, to.ToString()));
            if (!changes.Contains((from, to))) changes.Add((from, to));
        }
        return edits.Values.OrderBy(e => e.Start).ToList();
    }

    /// <summary>
    /// The scalar's source text with the value replaced where it is written verbatim (plain, quoted and block styles
    /// keep their quotes and indicators); a value written with escapes becomes a double-quoted scalar.
    /// </summary>
    private static string ReplaceValue(string source, string oldValue, string newValue)
    {
        var trimmed = oldValue.Trim();
        var at = source.IndexOf(trimmed, StringComparison.Ordinal);
        return at >= 0 && trimmed.Length > 0
            ? string.Concat(source.AsSpan(0, at), newValue, source.AsSpan(at + trimmed.Length))
            : "\"" + newValue + "\"";
    }
}

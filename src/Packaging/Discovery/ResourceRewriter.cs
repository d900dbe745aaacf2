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
        // Marks are offsets into what the parser read, so parse without a byte order mark and shift by its length.
        var bom = yamlText.StartsWith('\uFEFF') ? 1 : 0;
        if (!YamlText.TryLoad(yamlText[bom..], "resource", 0, out var documents, out var error))
            throw new GravityException(error!.ToString());

        var edits = new SortedDictionary<int, (int End, string Replacement)>();
        var changes = new List<(ImageReference From, ImageReference To)>();
        foreach (var field in documents.SelectMany(d => KubernetesImageFields.Find(d.RootNode)))
        {
            if (field.Node is not YamlScalarNode { Value: { } value } scalar) continue;
            if (!ImageReference.TryParse(value.Trim(), out var from, out _)) continue;
            if (map(from) is not { } to || to.ToString() == value) continue;
            var start = (int)scalar.Start.Index + bom;
            if (edits.ContainsKey(start)) continue;   // an alias shares its anchor's scalar
            var end = (int)scalar.End.Index + bom;
            edits[start] = (end, ReplaceValue(yamlText[start..end], value, to.ToString()));
            if (!changes.Contains((from, to))) changes.Add((from, to));
        }

        if (edits.Count == 0) return new RewriteResult(yamlText, changes);
        var output = new System.Text.StringBuilder(yamlText.Length + edits.Count * 32);
        var position = 0;
        foreach (var (start, (end, replacement)) in edits)
        {
            output.Append(yamlText, position, start - position).Append(replacement);
            position = end;
        }
        output.Append(yamlText, position, yamlText.Length - position);
        return new RewriteResult(output.ToString(), changes);
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

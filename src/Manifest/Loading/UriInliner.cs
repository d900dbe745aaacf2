using System.Text;
using Gravity.Manifest.Parsing;
using Gravity.Manifest.Validation;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Gravity.Manifest.Loading;

/// <summary>Replaces each URI-loadable field by the content it points at (the logo by a data: URL). Fields that cannot be
/// loaded are reported and added to <paramref name="unresolved"/> so later checks do not report them twice.</summary>
internal static class UriInliner
{
    public static async Task<IReadOnlyList<InlinedContent>> InlineAsync(ParseContext ctx, YamlNode root, UriContent reader, ISet<YamlNode> unresolved, CancellationToken ct)
    {
        var inlined = new List<InlinedContent>();
        foreach (var field in UriFields.Find(root))
        {
            if (unresolved.Contains(field.Node)) continue;
            var uri = field.Node.Value!.Trim();
            var (content, error, source) = await reader.ReadAsync(uri, ct);
            if (content is null)
            {
                Fail(ctx, field, unresolved, error!);
                continue;
            }
            if (field.IsImage)
            {
                var mediaType = ImageSniffer.Detect(content);
                if (mediaType is null)
                {
                    Fail(ctx, field, unresolved, $"{uri} is not an image (PNG, JPEG, GIF, WebP or SVG)");
                    continue;
                }
                Replace(field.Node, DataUrl.Encode(mediaType, content));
                inlined.Add(new InlinedContent(field.Path, source, content.Length));
                continue;
            }
            if (!TryDecodeText(content, out var text))
            {
                Fail(ctx, field, unresolved, $"{uri} is not UTF-8 text");
                continue;
            }
            Replace(field.Node, text);
            inlined.Add(new InlinedContent(field.Path, source, content.Length));
        }
        return inlined;
    }

    private static void Fail(ParseContext ctx, UriField field, ISet<YamlNode> unresolved, string message)
    {
        ctx.Error(field.Node, field.Path, message);
        unresolved.Add(field.Node);
    }

    private static bool TryDecodeText(byte[] content, out string text)
    {
        try
        {
            text = new UTF8Encoding(false, true).GetString(content).TrimStart('\uFEFF');
            return true;
        }
        catch (DecoderFallbackException)
        {
            text = "";
            return false;
        }
    }

    private static void Replace(YamlScalarNode node, string value)
    {
        node.Value = value;
        // Multi-line content reads best as a literal block; the emitter falls back to quoting when it cannot. A block
        // scalar would turn \r\n into \n, so such content is double-quoted (with escapes) to keep it byte for byte.
        node.Style = value.Contains('\n') && !value.Contains('\r') ? ScalarStyle.Literal : ScalarStyle.DoubleQuoted;
    }
}

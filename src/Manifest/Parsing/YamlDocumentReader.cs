using System.Text;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Gravity.Manifest.Parsing;

/// <summary>Loads the manifest text into a node tree (one document), turning syntax errors into positioned errors.</summary>
internal static partial class YamlDocumentReader
{
    public static YamlNode? Read(string text, ParseContext ctx)
    {
        if (text.Length > ManifestLimits.MaxDocumentBytes || Encoding.UTF8.GetByteCount(text) > ManifestLimits.MaxDocumentBytes)
        {
            ctx.Errors.Add(new ManifestError(ctx.File, 0, 0, "", $"the manifest is larger than {ManifestLimits.MaxDocumentBytes} bytes"));
            return null;
        }
        var stream = new YamlStream();
        var scanner = new Scanner(new StringReader(text));
        try
        {
            stream.Load(new LimitingParser(new Parser(scanner)));
        }
        catch (YamlLimitException e)
        {
            ctx.Errors.Add(new ManifestError(ctx.File, (int)e.At.Line, (int)e.At.Column, "", e.Message));
            return null;
        }
        catch (YamlException e)
        {
            var message = e.InnerException is YamlException inner && inner.Message.Length > 0 ? inner : e;
            var (line, column) = message.Message.Contains("tab", StringComparison.Ordinal) && FirstIndentingTab(text) is { } tab
                ? tab
                : ((int)e.Start.Line, (int)e.Start.Column);
            ctx.Errors.Add(new ManifestError(ctx.File, line, column, "",
                "YAML syntax error: " + PositionPrefix().Replace(message.Message, "")));
            return null;
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException or FormatException or OverflowException)
        {
            // YamlDotNet's scanner fails this way on some malformed input (an unclosed flow collection, for one).
            var at = scanner.CurrentPosition;
            ctx.Errors.Add(new ManifestError(ctx.File, (int)at.Line, (int)at.Column, "",
                "YAML syntax error: unexpected content (is a [ or { left unclosed?)"));
            return null;
        }
        if (stream.Documents.Count == 0 || Scalars.IsNull(stream.Documents[0].RootNode))
        {
            ctx.Errors.Add(new ManifestError(ctx.File, 1, 1, "", "the manifest is empty"));
            return null;
        }
        if (stream.Documents.Count > 1)
        {
            var second = stream.Documents[1].RootNode.Start;
            ctx.Errors.Add(new ManifestError(ctx.File, (int)second.Line, (int)second.Column, "",
                "the manifest must be a single YAML document"));
            return null;
        }
        return stream.Documents[0].RootNode;
    }

    /// <summary>YamlDotNet reports a tab used as indentation at the start of the enclosing mapping; find the tab itself.</summary>
    private static (int Line, int Column)? FirstIndentingTab(string text)
    {
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var indent = lines[i].Length - lines[i].TrimStart(' ', '\t').Length;
            var tab = lines[i].IndexOf('\t', 0, indent);
            if (tab >= 0) return (i + 1, tab + 1);
        }
        return null;
    }

    [GeneratedRegex(@"^\(Line: \d+, Col: \d+, Idx: \d+\) - \(Line: \d+, Col: \d+, Idx: \d+\): ")]
    private static partial Regex PositionPrefix();
}

using Gravity.Core;
using Gravity.Manifest.Parsing;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Gravity.Manifest;

/// <summary>
/// YAML files other than the manifest (cluster resource files), read under the manifest's limits (size, depth,
/// aliases, expanded size), so that a hostile file ends fast in an error naming the file, line and column.
/// </summary>
public static class LimitedYamlReader
{
    /// <summary>The documents of <paramref name="text"/> (empty ones skipped).</summary>
    /// <exception cref="GravityException">The text is too large, too deep or not YAML; the message names the position.</exception>
    public static IReadOnlyList<YamlNode> ReadDocuments(string text, string file)
    {
        if (text.Length > ManifestLimits.MaxDocumentBytes)
            throw new GravityException(new ManifestError(file, 0, 0, "", $"the file is larger than {ManifestLimits.MaxDocumentBytes} bytes").ToString());
        var stream = new YamlStream();
        try
        {
            stream.Load(new LimitingParser(new Parser(new Scanner(new StringReader(text)))));
        }
        catch (YamlLimitException e)
        {
            throw new GravityException(new ManifestError(file, (int)e.At.Line, (int)e.At.Column, "", e.Message).ToString());
        }
        catch (YamlException e)
        {
            var inner = e.InnerException is YamlException i && i.Message.Length > 0 ? i : e;
            throw new GravityException(new ManifestError(file, (int)e.Start.Line, (int)e.Start.Column, "", "YAML syntax error: " + inner.Message).ToString());
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException or FormatException or OverflowException)
        {
            throw new GravityException(new ManifestError(file, 0, 0, "", "YAML syntax error: unexpected content (is a [ or { left unclosed?)").ToString());
        }
        return stream.Documents.Select(d => d.RootNode).Where(n => !Scalars.IsNull(n)).ToList();
    }
}

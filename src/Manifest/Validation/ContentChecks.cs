using System.Text.Json;
using Gravity.Manifest.Parsing;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Gravity.Manifest.Validation;

/// <summary>Checks on the content of URI-loadable fields once inlined: logo, webConfig, hook jobs.</summary>
internal static class ContentChecks
{
    public const string DataUrlPrefix = "data:";

    /// <summary>A logo must be a data: URL of an image (a URI still unresolved is left to the build).</summary>
    public static void Logo(ParseContext ctx, YamlScalarNode node, string path)
    {
        var value = node.Value ?? "";
        if (ctx.IsUnresolved(node) || UriContent.IsUri(value)) return;
        if (!value.StartsWith(DataUrlPrefix, StringComparison.Ordinal))
        {
            ctx.Error(node, path, "must be a file://, http(s):// or data: URL of an image");
            return;
        }
        if (!DataUrl.TryDecode(value, out var mediaType, out var bytes))
        {
            ctx.Error(node, path, "is not a valid base64 data: URL");
            return;
        }
        var detected = ImageSniffer.Detect(bytes);
        if (detected is null)
            ctx.Error(node, path, $"the data: URL ({mediaType}) does not hold a PNG, JPEG, GIF, WebP or SVG image");
    }

    public static void WebConfig(ParseContext ctx, YamlScalarNode node, string path)
    {
        var value = node.Value ?? "";
        if (ctx.IsUnresolved(node) || UriContent.IsUri(value)) return;
        try
        {
            using var _ = JsonDocument.Parse(value);
        }
        catch (JsonException e)
        {
            ctx.Error(node, path, $"is not valid JSON: {e.Message}");
        }
    }

    /// <summary>A hook job must be YAML holding one Kubernetes object of kind Job.</summary>
    public static void HookJob(ParseContext ctx, YamlScalarNode node, string path)
    {
        var value = node.Value ?? "";
        if (UriContent.IsUri(value)) return;
        var stream = new YamlStream();
        try
        {
            // The manifest's own limits (depth, aliases, size) hold for a job inlined from a file too.
            stream.Load(new Parsing.LimitingParser(new YamlDotNet.Core.Parser(new YamlDotNet.Core.Scanner(new StringReader(value)))));
        }
        catch (Parsing.YamlLimitException e)
        {
            ctx.Error(node, path, $"the job is not valid YAML (line {e.At.Line} of the job, column {e.At.Column}): {e.Message}");
            return;
        }
        catch (YamlException e)
        {
            ctx.Error(node, path, $"the job is not valid YAML (line {e.Start.Line} of the job, column {e.Start.Column}): {e.Message}");
            return;
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException or FormatException or OverflowException)
        {
            // YamlDotNet's scanner throws these on some damaged input (an unclosed [ among them), not YamlException.
            ctx.Error(node, path, "the job is not valid YAML: unexpected content (is a [ or { left unclosed?)");
            return;
        }
        if (stream.Documents.Count != 1 || stream.Documents[0].RootNode is not YamlMappingNode job)
        {
            ctx.Error(node, path, "the job must be one Kubernetes Job object");
            return;
        }
        if (!job.Children.TryGetValue(new YamlScalarNode("kind"), out var kind) || kind is not YamlScalarNode { Value: "Job" })
            ctx.Error(node, path, "the job must be a Kubernetes object with kind: Job");
    }
}

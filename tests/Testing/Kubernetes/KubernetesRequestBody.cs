using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using YamlDotNet.RepresentationModel;

namespace Gravity.Testing.Kubernetes;

/// <summary>A request body as JSON: JSON as sent, or one YAML document (apply-patch+yaml, application/yaml) converted.</summary>
public static class KubernetesRequestBody
{
    /// <summary>The real server's limit on a request body.</summary>
    public const int MaxBytes = 3 * 1024 * 1024;

    public static async Task<JsonNode> ReadAsync(Stream body, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > MaxBytes) throw new KubernetesApiError(413, "RequestEntityTooLarge", $"the request body is larger than {MaxBytes} bytes");
            buffer.Write(chunk, 0, read);
        }
        var text = Encoding.UTF8.GetString(buffer.ToArray());
        if (text.Trim().Length == 0) throw KubernetesApiError.BadRequest("the request has no body");
        try
        {
            return JsonNode.Parse(text) ?? throw KubernetesApiError.BadRequest("the body is null");
        }
        catch (JsonException)
        {
            return FromYaml(text);
        }
    }

    private static JsonNode FromYaml(string text)
    {
        var stream = new YamlStream();
        try { stream.Load(new StringReader(text)); }
        catch (YamlDotNet.Core.YamlException e) { throw KubernetesApiError.BadRequest($"the body is neither JSON nor YAML: {e.Message}"); }
        if (stream.Documents.Count != 1) throw KubernetesApiError.BadRequest("the body must hold exactly one document");
        return Convert(stream.Documents[0].RootNode) ?? throw KubernetesApiError.BadRequest("the body is null");
    }

    private static JsonNode? Convert(YamlNode node) => node switch
    {
        YamlMappingNode map => new JsonObject(map.Children.Select(c => KeyValuePair.Create(((YamlScalarNode)c.Key).Value ?? "", Convert(c.Value)))),
        YamlSequenceNode seq => new JsonArray(seq.Children.Select(Convert).ToArray()),
        YamlScalarNode scalar => Scalar(scalar),
        _ => null,
    };

    // Plain scalars follow YAML 1.1's core types as Kubernetes' YAML reader does; quoted ones stay strings.
    private static JsonNode? Scalar(YamlScalarNode scalar)
    {
        var value = scalar.Value ?? "";
        if (scalar.Style is not YamlDotNet.Core.ScalarStyle.Plain) return JsonValue.Create(value);
        if (value is "" or "~" or "null" or "Null" or "NULL") return null;
        if (value is "true" or "True" or "TRUE") return JsonValue.Create(true);
        if (value is "false" or "False" or "FALSE") return JsonValue.Create(false);
        if (long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer)) return JsonValue.Create(integer);
        if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && value.Any(char.IsDigit)) return JsonValue.Create(number);
        return JsonValue.Create(value);
    }
}

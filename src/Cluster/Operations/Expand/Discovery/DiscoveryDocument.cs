using System.Text;
using System.Text.Json;

namespace Gravity.Cluster.Operations.Expand.Discovery;

/// <summary>
/// The plain providers' format (a file or an https URL): one JSON object, at most 64 KiB,
/// <c>{"cluster": "NAME", "peer": "ADDR:PORT", "token": "TOKEN"}</c>; other fields are ignored.
/// </summary>
public static class DiscoveryDocument
{
    public const int MaxBytes = 64 * 1024;

    public static JoinDiscoveryRecord Parse(ReadOnlySpan<byte> content, string provider, string key, string clusterName)
    {
        if (content.Length > MaxBytes) throw new JoinDiscoveryException(provider, key, $"larger than {MaxBytes} bytes");
        JsonElement root;
        try
        {
            using var document = JsonDocument.Parse(content.ToArray(), new JsonDocumentOptions { MaxDepth = 4 });
            root = document.RootElement.Clone();
        }
        catch (JsonException ex)
        {
            throw new JoinDiscoveryException(provider, key, $"not valid JSON (line {ex.LineNumber + 1}): expected {{\"cluster\": ..., \"peer\": ..., \"token\": ...}}", ex);
        }
        if (root.ValueKind != JsonValueKind.Object)
            throw new JoinDiscoveryException(provider, key, "expected a JSON object {\"cluster\": ..., \"peer\": ..., \"token\": ...}");
        var cluster = Field(root, "cluster", provider, key);
        if (cluster is null) throw new JoinDiscoveryException(provider, key, "field \"cluster\" is missing");
        if (cluster != clusterName)
            throw new JoinDiscoveryException(provider, key, $"it describes cluster \"{cluster}\", not \"{clusterName}\"");
        return JoinDiscoveryValidation.Record(provider, clusterName, $"{key}: field \"peer\"", Field(root, "peer", provider, key),
            $"{key}: field \"token\"", Field(root, "token", provider, key));
    }

    public static byte[] Format(JoinDiscoveryRecord record)
        => Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new Dictionary<string, string>
        {
            ["cluster"] = record.ClusterName, ["peer"] = record.Peer, ["token"] = record.Token,
        }, new JsonSerializerOptions { WriteIndented = true }) + "\n");

    private static string? Field(JsonElement root, string name, string provider, string key)
    {
        if (!root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null) return null;
        if (value.ValueKind != JsonValueKind.String) throw new JoinDiscoveryException(provider, key, $"field \"{name}\" must be a string");
        return value.GetString();
    }
}

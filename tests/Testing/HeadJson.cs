using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Gravity.Testing;

/// <summary>
/// Edits a cluster image's head.json the way a hostile crafter would: changes it, then reseals its self-digest
/// (headDigest = sha256 of the file with those 64 hex digits read as zeros, see docs/cluster-image.md), written here
/// independently of the product code so that a test checks the documented format rather than the code against itself.
/// </summary>
public static class HeadJson
{
    private const string Field = "headDigest";
    private static readonly string Zeros = new('0', 64);

    public static byte[] Edit(byte[] head, Action<JsonObject> edit)
    {
        var node = JsonNode.Parse(head)!.AsObject();
        edit(node);
        return Seal(node);
    }

    /// <summary>Serializes <paramref name="node"/> with a correct headDigest.</summary>
    public static byte[] Seal(JsonObject node)
    {
        node[Field] = "sha256:" + Zeros;
        var text = node.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
        var placeholder = $"\"sha256:{Zeros}\"";
        var at = text.IndexOf(placeholder, StringComparison.Ordinal);
        if (at < 0 || text.IndexOf(placeholder, at + 1, StringComparison.Ordinal) >= 0) throw new InvalidOperationException("placeholder not unique");
        var digest = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
        return Encoding.UTF8.GetBytes(text.Replace(placeholder, $"\"sha256:{digest}\"", StringComparison.Ordinal));
    }
}

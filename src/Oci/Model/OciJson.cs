using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Gravity.Oci.Model;

/// <summary>JSON settings for OCI documents. Manifests are always kept as the exact bytes received; these options only decode them or encode ones we create.</summary>
public static class OciJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new DigestJsonConverter() },
        PropertyNameCaseInsensitive = false,
        // Generated code for the OCI documents (reflection would spend tens of milliseconds on its first use of
        // each type, a large part of a build that has nothing to fetch); reflection for any other type.
        TypeInfoResolver = JsonTypeInfoResolver.Combine(OciJsonContext.Default, new DefaultJsonTypeInfoResolver()),
    };

    public static T Deserialize<T>(ReadOnlySpan<byte> json) =>
        JsonSerializer.Deserialize<T>(json, Options) ?? throw new JsonException($"empty {typeof(T).Name} document");

    public static byte[] Serialize<T>(T value) => JsonSerializer.SerializeToUtf8Bytes(value, Options);

    /// <summary>The mediaType field of a manifest or index document, when it has one.</summary>
    public static string? PeekMediaType(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json);
        using var doc = JsonDocument.ParseValue(ref reader);
        if (doc.RootElement.ValueKind != JsonValueKind.Object) return null;
        if (doc.RootElement.TryGetProperty("mediaType", out var mt) && mt.ValueKind == JsonValueKind.String) return mt.GetString();
        if (doc.RootElement.TryGetProperty("manifests", out _)) return MediaTypes.OciIndex;
        if (doc.RootElement.TryGetProperty("config", out _)) return MediaTypes.OciManifest;
        return null;
    }
}

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, Converters = [typeof(DigestJsonConverter)])]
[JsonSerializable(typeof(ImageIndex))]
[JsonSerializable(typeof(ImageManifest))]
[JsonSerializable(typeof(Descriptor))]
[JsonSerializable(typeof(Platform))]
internal sealed partial class OciJsonContext : JsonSerializerContext;

public sealed class DigestJsonConverter : JsonConverter<Digest>
{
    public override Digest Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var s = reader.GetString();
        return Digest.TryParse(s, out var d) ? d : throw new JsonException($"invalid digest '{s}'");
    }

    public override void Write(Utf8JsonWriter writer, Digest value, JsonSerializerOptions options) => writer.WriteStringValue(value.ToString());
}

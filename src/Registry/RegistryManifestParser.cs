using System.Text.Json;
using Gravity.Oci;
using Gravity.Oci.Model;

namespace Gravity.Registry;

/// <summary>
/// Validates a manifest document before it is stored: it must be JSON of a schema the registry understands (OCI image
/// manifest/index, Docker schema 2 manifest/list), agree with the Content-Type it was sent with, and carry well-formed
/// descriptors. Violations throw <see cref="RegistryErrorException"/> with MANIFEST_INVALID.
/// </summary>
public static class RegistryManifestParser
{
    private static readonly string[] Supported = [MediaTypes.OciManifest, MediaTypes.OciIndex, MediaTypes.DockerManifest, MediaTypes.DockerManifestList];

    public static ParsedManifest Parse(ReadOnlySpan<byte> content, string? contentType)
    {
        JsonDocument doc;
        try
        {
            var reader = new Utf8JsonReader(content);
            doc = JsonDocument.ParseValue(ref reader);
        }
        catch (JsonException ex)
        {
            throw Invalid($"manifest is not valid JSON: {ex.Message}");
        }
        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object) throw Invalid("manifest must be a JSON object");
            if (!root.TryGetProperty("schemaVersion", out var sv) || sv.ValueKind != JsonValueKind.Number || !sv.TryGetInt32(out var version) || version != 2)
                throw Invalid("unsupported manifest schema: schemaVersion must be 2");

            string? declared = null;
            if (root.TryGetProperty("mediaType", out var mt))
            {
                if (mt.ValueKind != JsonValueKind.String) throw Invalid("mediaType must be a string");
                declared = mt.GetString();
            }
            var header = NormaliseContentType(contentType);
            if (header is not null && declared is not null && header != declared)
                throw Invalid($"Content-Type '{header}' does not match the manifest's mediaType '{declared}'");
            var mediaType = declared ?? header ?? OciJson.PeekMediaType(content)
                ?? throw Invalid("cannot tell the manifest's media type: no mediaType field and no Content-Type");
            if (!Supported.Contains(mediaType)) throw Invalid($"unsupported manifest media type '{mediaType}'");

            return MediaTypes.IsIndex(mediaType) ? ParseIndex(content, mediaType) : ParseManifest(content, mediaType);
        }
    }

    private static ParsedManifest ParseManifest(ReadOnlySpan<byte> content, string mediaType)
    {
        var m = Deserialize<ImageManifest>(content);
        if (m.Config is null || m.Config.Digest.IsDefault) throw Invalid("manifest has no config descriptor");
        Check(m.Config, "config");
        var layers = m.Layers ?? throw Invalid("manifest has no layers array");
        for (var i = 0; i < layers.Count; i++) Check(layers[i], $"layers[{i}]");
        if (m.Subject is not null) Check(m.Subject, "subject");
        // Foreign layers live elsewhere (urls) and are legitimately absent from the registry.
        var blobs = new List<Descriptor> { m.Config };
        blobs.AddRange(layers.Where(l => l.Urls is not { Count: > 0 }));
        return new ParsedManifest(mediaType, blobs, [], m.Subject, m.ArtifactType ?? m.Config.MediaType, m.Annotations);
    }

    private static ParsedManifest ParseIndex(ReadOnlySpan<byte> content, string mediaType)
    {
        var index = Deserialize<ImageIndex>(content);
        var manifests = index.Manifests ?? throw Invalid("index has no manifests array");
        for (var i = 0; i < manifests.Count; i++) Check(manifests[i], $"manifests[{i}]");
        if (index.Subject is not null) Check(index.Subject, "subject");
        return new ParsedManifest(mediaType, [], manifests, index.Subject, index.ArtifactType, index.Annotations);
    }

    private static T Deserialize<T>(ReadOnlySpan<byte> content)
    {
        try { return OciJson.Deserialize<T>(content); }
        catch (JsonException ex) { throw Invalid($"malformed manifest: {ex.Message}"); }
    }

    private static void Check(Descriptor d, string field)
    {
        if (d.Digest.IsDefault) throw Invalid($"{field}: missing digest");
        if (string.IsNullOrEmpty(d.MediaType)) throw Invalid($"{field}: missing mediaType");
        if (d.Size < 0) throw Invalid($"{field}: negative size");
    }

    /// <summary>The media type without parameters; null for generic JSON types that say nothing about the schema.</summary>
    private static string? NormaliseContentType(string? contentType)
    {
        if (string.IsNullOrWhiteSpace(contentType)) return null;
        var semi = contentType.IndexOf(';');
        var type = (semi >= 0 ? contentType[..semi] : contentType).Trim();
        return type is "application/json" or "application/octet-stream" or "" ? null : type;
    }

    private static RegistryErrorException Invalid(string message) => new(RegistryErrorCodes.ManifestInvalid, message);
}

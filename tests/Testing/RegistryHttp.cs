using System.Net.Http.Headers;
using FluentAssertions;

namespace Gravity.Testing;

/// <summary>Small HTTP steps of the Distribution protocol, for tests that look at single requests.</summary>
public static class RegistryHttp
{
    public static ByteArrayContent Octets(byte[] data, int offset = 0, int? count = null)
    {
        var c = new ByteArrayContent(data, offset, count ?? data.Length - offset);
        c.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        return c;
    }

    /// <summary>Uploads a blob in one request (POST ?digest=) and checks it was created.</summary>
    public static async Task<Gravity.Oci.Digest> PushBlobAsync(HttpClient http, string repository, byte[] data)
    {
        var digest = Gravity.Oci.Digest.Compute(data);
        using var r = await http.PostAsync($"/v2/{repository}/blobs/uploads/?digest={digest}", Octets(data));
        r.StatusCode.Should().Be(System.Net.HttpStatusCode.Created, await r.Content.ReadAsStringAsync());
        return digest;
    }

    public static async Task<HttpResponseMessage> PutManifestAsync(HttpClient http, string repository, string reference, byte[] content, string mediaType)
    {
        var c = new ByteArrayContent(content);
        c.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
        return await http.PutAsync($"/v2/{repository}/manifests/{reference}", c);
    }

    /// <summary>The first error code of a registry error response.</summary>
    public static async Task<string?> ErrorCodeAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        if (text.Length == 0) return null;
        var node = System.Text.Json.Nodes.JsonNode.Parse(text);
        return node?["errors"]?[0]?["code"]?.GetValue<string>();
    }

    /// <summary>A minimal OCI image manifest over the given config and layers (all application/octet-stream-ish blobs).</summary>
    public static byte[] ManifestJson((Gravity.Oci.Digest Digest, long Size) config, IEnumerable<(Gravity.Oci.Digest Digest, long Size)> layers,
        string? subject = null, string? artifactType = null, int padding = 0)
    {
        var json = new System.Text.Json.Nodes.JsonObject
        {
            ["schemaVersion"] = 2,
            ["mediaType"] = Gravity.Oci.MediaTypes.OciManifest,
            ["config"] = Descriptor(Gravity.Oci.MediaTypes.OciConfig, config),
            ["layers"] = new System.Text.Json.Nodes.JsonArray(layers.Select(l => (System.Text.Json.Nodes.JsonNode)Descriptor(Gravity.Oci.MediaTypes.OciLayerGzip, l)).ToArray()),
        };
        if (artifactType is not null) json["artifactType"] = artifactType;
        if (subject is not null) json["subject"] = System.Text.Json.Nodes.JsonNode.Parse(subject);
        if (padding > 0) json["annotations"] = new System.Text.Json.Nodes.JsonObject { ["padding"] = new string('x', padding) };
        return System.Text.Encoding.UTF8.GetBytes(json.ToJsonString());
    }

    private static System.Text.Json.Nodes.JsonObject Descriptor(string mediaType, (Gravity.Oci.Digest Digest, long Size) d)
        => new() { ["mediaType"] = mediaType, ["digest"] = d.Digest.ToString(), ["size"] = d.Size };
}

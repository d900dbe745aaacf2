using System.Text.Json;
using System.Text.Json.Serialization;
using Gravity.Oci.Model;

namespace Gravity.Packaging.ClusterImage;

/// <summary>What <c>tele inspect</c> shows: read from the head alone.</summary>
public sealed record InspectReport
{
    [JsonPropertyName("file")] public string File { get; init; } = "";
    [JsonPropertyName("fileSize")] public long FileSize { get; init; }
    [JsonPropertyName("name")] public string Name { get; init; } = "";
    [JsonPropertyName("version")] public string Version { get; init; } = "";
    [JsonPropertyName("created")] public DateTimeOffset Created { get; init; }
    [JsonPropertyName("registry")] public string Registry { get; init; } = "";
    [JsonPropertyName("images")] public IReadOnlyList<HeadImage> Images { get; init; } = [];
    [JsonPropertyName("resources")] public IReadOnlyList<string> Resources { get; init; } = [];
    [JsonPropertyName("entries")] public int Entries { get; init; }
    [JsonPropertyName("totalBytes")] public long TotalBytes { get; init; }
    [JsonPropertyName("uniqueBytes")] public long UniqueBytes { get; init; }

    private static readonly JsonSerializerOptions JsonOptions = new(OciJson.Options) { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);
}

public static class ClusterImageInspector
{
    public static async Task<InspectReport> InspectAsync(string path, CancellationToken ct = default)
    {
        var reader = await ClusterImageReader.OpenAsync(path, ct).ConfigureAwait(false);
        var head = reader.Head;
        return new InspectReport
        {
            File = reader.Path, FileSize = new FileInfo(reader.Path).Length,
            Name = head.Name, Version = head.Version, Created = head.Created, Registry = head.Registry,
            Images = head.Images, Resources = head.Resources, Entries = reader.Entries.Count,
            TotalBytes = head.TotalBytes, UniqueBytes = head.UniqueBytes,
        };
    }
}

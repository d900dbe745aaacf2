using System.Text.Json.Serialization;

namespace Gravity.Hub.Catalog;

/// <summary>One published cluster image as <c>tele ls</c> shows it.</summary>
public sealed record CatalogEntry(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("version")] string Version,
    [property: JsonPropertyName("size")] long Size,
    [property: JsonPropertyName("publisher")] string Publisher,
    [property: JsonPropertyName("created")] DateTimeOffset Created,
    [property: JsonPropertyName("repository")] string Repository,
    [property: JsonPropertyName("tag")] string Tag,
    [property: JsonPropertyName("digest")] string Digest);

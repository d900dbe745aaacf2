using System.Text.Json.Serialization;

namespace Gravity.Hub.Client;

/// <summary>What tele remembers after <c>tele login</c>. The token is a secret: the file is 0600 and it is never printed.</summary>
public sealed record HubCredentials
{
    [JsonPropertyName("hub")] public string Hub { get; init; } = "";
    [JsonPropertyName("user")] public string User { get; init; } = "";
    [JsonPropertyName("token")] public string Token { get; init; } = "";
    [JsonPropertyName("expires")] public DateTimeOffset Expires { get; init; }
    [JsonPropertyName("cluster")] public string? Cluster { get; init; }
    [JsonPropertyName("insecure")] public bool Insecure { get; init; }
    [JsonPropertyName("caCert")] public string? CaCertificatePath { get; init; }

    public bool IsExpired(DateTimeOffset now) => Expires <= now;
}

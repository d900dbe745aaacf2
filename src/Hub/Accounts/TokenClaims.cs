using System.Text.Json.Serialization;

namespace Gravity.Hub.Accounts;

/// <summary>What a Hub bearer token says: who, what it may do, until when, and (for key-derived tokens) which key, so revoking the key revokes the token.</summary>
public sealed record TokenClaims
{
    public const string RegistryKind = "registry";
    public const string SessionKind = "session";

    [JsonPropertyName("sub")] public string Subject { get; init; } = "";
    [JsonPropertyName("kind")] public string Kind { get; init; } = RegistryKind;
    [JsonPropertyName("access")] public IReadOnlyList<string> Access { get; init; } = [];
    [JsonPropertyName("iat")] public long IssuedAt { get; init; }
    [JsonPropertyName("exp")] public long ExpiresAt { get; init; }
    [JsonPropertyName("key")] public string? KeyId { get; init; }
    [JsonPropertyName("jti")] public string Id { get; init; } = "";

    [JsonIgnore] public DateTimeOffset Expires => DateTimeOffset.FromUnixTimeSeconds(ExpiresAt);

    [JsonIgnore] public IReadOnlyList<AccessScope> Scopes => AccessScope.ParseMany(Access);
}

using System.Text.Json.Serialization;

namespace Gravity.Hub.Accounts;

/// <summary>
/// What a Hub bearer token says: who, what it may do, until when, and (for key-derived tokens) which key, so revoking the
/// key revokes the token. The kind is its audience: session tokens (tele login) are for the Hub API and the registry,
/// registry tokens (Docker's token flow) for the registry only, within their scopes.
/// </summary>
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
    /// <summary>For a registry token asked for with a session token: that session's id.</summary>
    [JsonPropertyName("sid")] public string? SessionId { get; init; }

    [JsonIgnore] public DateTimeOffset Expires => DateTimeOffset.FromUnixTimeSeconds(ExpiresAt);

    [JsonIgnore] public IReadOnlyList<AccessScope> Scopes => AccessScope.ParseMany(Access);

    /// <summary>The ids whose revocation revokes this token.</summary>
    [JsonIgnore] public IReadOnlyCollection<string> RevocationIds => SessionId is null ? [Id] : [Id, SessionId];
}

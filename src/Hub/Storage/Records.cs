namespace Gravity.Hub.Storage;

public sealed record UserRecord(string Name, string? PasswordHash, IReadOnlyList<string> Roles, DateTimeOffset Created);

/// <summary>An API key as stored: never the key itself, only its SHA-256.</summary>
public sealed record ApiKeyRecord(string Id, string User, string KeyHash, DateTimeOffset Created, DateTimeOffset? Revoked)
{
    public bool Active => Revoked is null;
}

/// <summary>Who published a catalog entry and when, as the Hub saw it (the registry keeps the content).</summary>
public sealed record AppRecord(string Name, string Version, string Publisher, DateTimeOffset Created, string ManifestDigest, long Size);

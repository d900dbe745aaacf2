namespace Gravity.Hub.Storage;

public sealed record UserRecord(string Name, string? PasswordHash, IReadOnlyList<string> Roles, DateTimeOffset Created);

/// <summary>An API key as stored: never the key itself, only its SHA-256.</summary>
public sealed record ApiKeyRecord(string Id, string User, string KeyHash, DateTimeOffset Created, DateTimeOffset? Revoked)
{
    public bool Active => Revoked is null;
}

/// <summary>Who published a catalog entry and when, as the Hub saw it (the registry keeps the content).</summary>
public sealed record AppRecord(string Name, string Version, string Publisher, DateTimeOffset Created, string ManifestDigest, long Size);

/// <summary>
/// Failed logins counted for one subject (<c>user:NAME</c> or <c>address:IP</c>): how many in a row and when the last
/// was. Whether that means a delay or a lockout is the accounts' policy, not the store's.
/// </summary>
public sealed record LoginFailureRecord(string Subject, int Failures, DateTimeOffset LastFailure);

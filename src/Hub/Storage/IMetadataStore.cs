namespace Gravity.Hub.Storage;

/// <summary>
/// The Hub's metadata: users, API keys, public repositories and catalog records. Blobs and manifests live in the
/// registry storage; this store is small and shared by every Hub process serving one catalog.
/// </summary>
public interface IMetadataStore
{
    /// <summary>Creates the schema when missing; safe to call from several processes at once.</summary>
    Task InitializeAsync(CancellationToken ct = default);

    /// <summary>False when a user of that name exists already.</summary>
    Task<bool> AddUserAsync(UserRecord user, CancellationToken ct = default);
    Task<UserRecord?> GetUserAsync(string name, CancellationToken ct = default);
    Task<IReadOnlyList<UserRecord>> ListUsersAsync(CancellationToken ct = default);
    Task<bool> SetPasswordAsync(string name, string passwordHash, CancellationToken ct = default);
    /// <summary>Removes the user and revokes their keys; false when there was no such user.</summary>
    Task<bool> DeleteUserAsync(string name, CancellationToken ct = default);

    Task AddApiKeyAsync(ApiKeyRecord key, CancellationToken ct = default);
    Task<ApiKeyRecord?> FindApiKeyByHashAsync(string keyHash, CancellationToken ct = default);
    Task<ApiKeyRecord?> GetApiKeyAsync(string id, CancellationToken ct = default);
    Task<IReadOnlyList<ApiKeyRecord>> ListApiKeysAsync(CancellationToken ct = default);
    /// <summary>False when no active key has that id.</summary>
    Task<bool> RevokeApiKeyAsync(string id, DateTimeOffset at, CancellationToken ct = default);

    /// <summary>Refuses the token with id <paramref name="id"/> until it expires on its own; forgets ids that have expired by <paramref name="now"/>.</summary>
    Task RevokeTokenAsync(string id, DateTimeOffset expires, DateTimeOffset now, CancellationToken ct = default);
    /// <summary>Whether any of the ids (a token's own, the session it came from) was revoked.</summary>
    Task<bool> IsAnyTokenRevokedAsync(IReadOnlyCollection<string> ids, CancellationToken ct = default);

    /// <summary>
    /// Counts one more failed login for <paramref name="subject"/> (restarting from one when the previous failure is
    /// older than <paramref name="countSince"/>) and returns the new count; rows older than that are forgotten.
    /// Atomic, so that concurrent failures from several Hub processes are all counted.
    /// </summary>
    Task<LoginFailureRecord> RecordLoginFailureAsync(string subject, DateTimeOffset now, DateTimeOffset countSince, CancellationToken ct = default);
    Task<IReadOnlyList<LoginFailureRecord>> GetLoginFailuresAsync(IReadOnlyCollection<string> subjects, CancellationToken ct = default);
    Task<IReadOnlyList<LoginFailureRecord>> ListLoginFailuresAsync(CancellationToken ct = default);
    /// <summary>False when nothing was counted for the subject.</summary>
    Task<bool> ClearLoginFailuresAsync(string subject, CancellationToken ct = default);

    Task SetRepositoryPublicAsync(string repository, bool isPublic, CancellationToken ct = default);
    Task<bool> IsRepositoryPublicAsync(string repository, CancellationToken ct = default);
    Task<IReadOnlyList<string>> ListPublicRepositoriesAsync(CancellationToken ct = default);

    Task UpsertAppAsync(AppRecord app, CancellationToken ct = default);
    Task<AppRecord?> GetAppAsync(string name, string version, CancellationToken ct = default);
    Task<IReadOnlyList<AppRecord>> ListAppsAsync(CancellationToken ct = default);
    Task<bool> DeleteAppAsync(string name, string version, CancellationToken ct = default);
}

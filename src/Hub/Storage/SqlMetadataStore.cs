using System.Data.Common;
using Dapper;

namespace Gravity.Hub.Storage;

/// <summary>
/// The SQL both SQLite and PostgreSQL understand (ON CONFLICT, BIGINT, TEXT); times are Unix milliseconds so that no
/// provider-specific date handling is involved. Subclasses supply connections and guard schema creation.
/// </summary>
public abstract class SqlMetadataStore : IMetadataStore
{
    protected const string Schema = """
        CREATE TABLE IF NOT EXISTS users (
            name TEXT PRIMARY KEY,
            password_hash TEXT NULL,
            roles TEXT NOT NULL,
            created_ms BIGINT NOT NULL);
        CREATE TABLE IF NOT EXISTS api_keys (
            id TEXT PRIMARY KEY,
            user_name TEXT NOT NULL,
            key_hash TEXT NOT NULL UNIQUE,
            created_ms BIGINT NOT NULL,
            revoked_ms BIGINT NULL);
        CREATE TABLE IF NOT EXISTS public_repositories (
            name TEXT PRIMARY KEY);
        CREATE TABLE IF NOT EXISTS apps (
            name TEXT NOT NULL,
            version TEXT NOT NULL,
            publisher TEXT NOT NULL,
            created_ms BIGINT NOT NULL,
            manifest_digest TEXT NOT NULL,
            size BIGINT NOT NULL,
            PRIMARY KEY (name, version));
        CREATE TABLE IF NOT EXISTS revoked_tokens (
            id TEXT PRIMARY KEY,
            expires_ms BIGINT NOT NULL);
        CREATE TABLE IF NOT EXISTS login_failures (
            subject TEXT PRIMARY KEY,
            failures BIGINT NOT NULL,
            last_failure_ms BIGINT NOT NULL);
        """;

    protected abstract Task<DbConnection> OpenAsync(CancellationToken ct);

    public abstract Task InitializeAsync(CancellationToken ct = default);

    public async Task<bool> AddUserAsync(UserRecord user, CancellationToken ct = default)
    {
        await using var c = await OpenAsync(ct);
        var rows = await c.ExecuteAsync(new CommandDefinition(
            "INSERT INTO users (name, password_hash, roles, created_ms) VALUES (@Name, @Hash, @Roles, @Created) ON CONFLICT (name) DO NOTHING",
            new { user.Name, Hash = user.PasswordHash, Roles = string.Join(",", user.Roles), Created = user.Created.ToUnixTimeMilliseconds() },
            cancellationToken: ct));
        return rows == 1;
    }

    public async Task<UserRecord?> GetUserAsync(string name, CancellationToken ct = default)
    {
        await using var c = await OpenAsync(ct);
        var row = await c.QuerySingleOrDefaultAsync<UserRow>(new CommandDefinition(
            "SELECT name AS Name, password_hash AS PasswordHash, roles AS Roles, created_ms AS CreatedMs FROM users WHERE name = @name",
            new { name }, cancellationToken: ct));
        return row?.ToRecord();
    }

    public async Task<IReadOnlyList<UserRecord>> ListUsersAsync(CancellationToken ct = default)
    {
        await using var c = await OpenAsync(ct);
        var rows = await c.QueryAsync<UserRow>(new CommandDefinition(
            "SELECT name AS Name, password_hash AS PasswordHash, roles AS Roles, created_ms AS CreatedMs FROM users ORDER BY name",
            cancellationToken: ct));
        return rows.Select(r => r.ToRecord()).ToArray();
    }

    public async Task<bool> SetPasswordAsync(string name, string passwordHash, CancellationToken ct = default)
    {
        await using var c = await OpenAsync(ct);
        return await c.ExecuteAsync(new CommandDefinition("UPDATE users SET password_hash = @passwordHash WHERE name = @name",
            new { name, passwordHash }, cancellationToken: ct)) == 1;
    }

    public async Task<bool> DeleteUserAsync(string name, CancellationToken ct = default)
    {
        await using var c = await OpenAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        await c.ExecuteAsync(new CommandDefinition("UPDATE api_keys SET revoked_ms = @now WHERE user_name = @name AND revoked_ms IS NULL",
            new { name, now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() }, tx, cancellationToken: ct));
        var rows = await c.ExecuteAsync(new CommandDefinition("DELETE FROM users WHERE name = @name", new { name }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        return rows == 1;
    }

    public async Task AddApiKeyAsync(ApiKeyRecord key, CancellationToken ct = default)
    {
        await using var c = await OpenAsync(ct);
        await c.ExecuteAsync(new CommandDefinition(
            "INSERT INTO api_keys (id, user_name, key_hash, created_ms, revoked_ms) VALUES (@Id, @User, @KeyHash, @Created, @Revoked)",
            new { key.Id, key.User, key.KeyHash, Created = key.Created.ToUnixTimeMilliseconds(), Revoked = key.Revoked?.ToUnixTimeMilliseconds() },
            cancellationToken: ct));
    }

    private const string KeyColumns = "id AS Id, user_name AS UserName, key_hash AS KeyHash, created_ms AS CreatedMs, revoked_ms AS RevokedMs";

    public async Task<ApiKeyRecord?> FindApiKeyByHashAsync(string keyHash, CancellationToken ct = default)
    {
        await using var c = await OpenAsync(ct);
        var row = await c.QuerySingleOrDefaultAsync<KeyRow>(new CommandDefinition(
            $"SELECT {KeyColumns} FROM api_keys WHERE key_hash = @keyHash", new { keyHash }, cancellationToken: ct));
        return row?.ToRecord();
    }

    public async Task<ApiKeyRecord?> GetApiKeyAsync(string id, CancellationToken ct = default)
    {
        await using var c = await OpenAsync(ct);
        var row = await c.QuerySingleOrDefaultAsync<KeyRow>(new CommandDefinition(
            $"SELECT {KeyColumns} FROM api_keys WHERE id = @id", new { id }, cancellationToken: ct));
        return row?.ToRecord();
    }

    public async Task<IReadOnlyList<ApiKeyRecord>> ListApiKeysAsync(CancellationToken ct = default)
    {
        await using var c = await OpenAsync(ct);
        var rows = await c.QueryAsync<KeyRow>(new CommandDefinition(
            $"SELECT {KeyColumns} FROM api_keys ORDER BY created_ms, id", cancellationToken: ct));
        return rows.Select(r => r.ToRecord()).ToArray();
    }

    public async Task<bool> RevokeApiKeyAsync(string id, DateTimeOffset at, CancellationToken ct = default)
    {
        await using var c = await OpenAsync(ct);
        return await c.ExecuteAsync(new CommandDefinition("UPDATE api_keys SET revoked_ms = @at WHERE id = @id AND revoked_ms IS NULL",
            new { id, at = at.ToUnixTimeMilliseconds() }, cancellationToken: ct)) == 1;
    }

    public async Task RevokeTokenAsync(string id, DateTimeOffset expires, DateTimeOffset now, CancellationToken ct = default)
    {
        await using var c = await OpenAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        await c.ExecuteAsync(new CommandDefinition("DELETE FROM revoked_tokens WHERE expires_ms < @now",
            new { now = now.ToUnixTimeMilliseconds() }, tx, cancellationToken: ct));
        await c.ExecuteAsync(new CommandDefinition("INSERT INTO revoked_tokens (id, expires_ms) VALUES (@id, @expires) ON CONFLICT (id) DO NOTHING",
            new { id, expires = expires.ToUnixTimeMilliseconds() }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
    }

    public async Task<bool> IsAnyTokenRevokedAsync(IReadOnlyCollection<string> ids, CancellationToken ct = default)
    {
        if (ids.Count == 0) return false;
        await using var c = await OpenAsync(ct);
        var (list, args) = InList(ids);
        return await c.ExecuteScalarAsync<long>(new CommandDefinition(
            $"SELECT COUNT(*) FROM revoked_tokens WHERE id IN ({list})", args, cancellationToken: ct)) > 0;
    }

    private const string FailureColumns = "subject AS Subject, failures AS Failures, last_failure_ms AS LastFailureMs";

    public async Task<LoginFailureRecord> RecordLoginFailureAsync(string subject, DateTimeOffset now, DateTimeOffset countSince, CancellationToken ct = default)
    {
        await using var c = await OpenAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        var args = new { subject, now = now.ToUnixTimeMilliseconds(), since = countSince.ToUnixTimeMilliseconds() };
        // The upsert takes the row's lock (PostgreSQL) or the database's write lock (SQLite) until commit, so the count
        // read back below is this failure's own.
        await c.ExecuteAsync(new CommandDefinition("""
            INSERT INTO login_failures (subject, failures, last_failure_ms) VALUES (@subject, 1, @now)
            ON CONFLICT (subject) DO UPDATE SET
                failures = CASE WHEN login_failures.last_failure_ms < @since THEN 1 ELSE login_failures.failures + 1 END,
                last_failure_ms = @now
            """, args, tx, cancellationToken: ct));
        var row = await c.QuerySingleAsync<FailureRow>(new CommandDefinition(
            $"SELECT {FailureColumns} FROM login_failures WHERE subject = @subject", args, tx, cancellationToken: ct));
        await c.ExecuteAsync(new CommandDefinition("DELETE FROM login_failures WHERE last_failure_ms < @since", args, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        return row.ToRecord();
    }

    public async Task<IReadOnlyList<LoginFailureRecord>> GetLoginFailuresAsync(IReadOnlyCollection<string> subjects, CancellationToken ct = default)
    {
        if (subjects.Count == 0) return [];
        await using var c = await OpenAsync(ct);
        var (list, args) = InList(subjects);
        var rows = await c.QueryAsync<FailureRow>(new CommandDefinition(
            $"SELECT {FailureColumns} FROM login_failures WHERE subject IN ({list})", args, cancellationToken: ct));
        return rows.Select(r => r.ToRecord()).ToArray();
    }

    public async Task<IReadOnlyList<LoginFailureRecord>> ListLoginFailuresAsync(CancellationToken ct = default)
    {
        await using var c = await OpenAsync(ct);
        var rows = await c.QueryAsync<FailureRow>(new CommandDefinition($"SELECT {FailureColumns} FROM login_failures ORDER BY subject", cancellationToken: ct));
        return rows.Select(r => r.ToRecord()).ToArray();
    }

    public async Task<bool> ClearLoginFailuresAsync(string subject, CancellationToken ct = default)
    {
        await using var c = await OpenAsync(ct);
        return await c.ExecuteAsync(new CommandDefinition("DELETE FROM login_failures WHERE subject = @subject", new { subject }, cancellationToken: ct)) > 0;
    }

    public async Task SetRepositoryPublicAsync(string repository, bool isPublic, CancellationToken ct = default)
    {
        await using var c = await OpenAsync(ct);
        var sql = isPublic
            ? "INSERT INTO public_repositories (name) VALUES (@repository) ON CONFLICT (name) DO NOTHING"
            : "DELETE FROM public_repositories WHERE name = @repository";
        await c.ExecuteAsync(new CommandDefinition(sql, new { repository }, cancellationToken: ct));
    }

    public async Task<bool> IsRepositoryPublicAsync(string repository, CancellationToken ct = default)
    {
        await using var c = await OpenAsync(ct);
        return await c.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT COUNT(*) FROM public_repositories WHERE name = @repository", new { repository }, cancellationToken: ct)) > 0;
    }

    public async Task<IReadOnlyList<string>> ListPublicRepositoriesAsync(CancellationToken ct = default)
    {
        await using var c = await OpenAsync(ct);
        return (await c.QueryAsync<string>(new CommandDefinition("SELECT name FROM public_repositories ORDER BY name", cancellationToken: ct))).ToArray();
    }

    private const string AppColumns = "name AS Name, version AS Version, publisher AS Publisher, created_ms AS CreatedMs, manifest_digest AS ManifestDigest, size AS Size";

    public async Task UpsertAppAsync(AppRecord app, CancellationToken ct = default)
    {
        await using var c = await OpenAsync(ct);
        await c.ExecuteAsync(new CommandDefinition("""
            INSERT INTO apps (name, version, publisher, created_ms, manifest_digest, size)
            VALUES (@Name, @Version, @Publisher, @Created, @ManifestDigest, @Size)
            ON CONFLICT (name, version) DO UPDATE SET publisher = excluded.publisher, created_ms = excluded.created_ms,
                manifest_digest = excluded.manifest_digest, size = excluded.size
            """,
            new { app.Name, app.Version, app.Publisher, Created = app.Created.ToUnixTimeMilliseconds(), app.ManifestDigest, app.Size },
            cancellationToken: ct));
    }

    public async Task<AppRecord?> GetAppAsync(string name, string version, CancellationToken ct = default)
    {
        await using var c = await OpenAsync(ct);
        var row = await c.QuerySingleOrDefaultAsync<AppRow>(new CommandDefinition(
            $"SELECT {AppColumns} FROM apps WHERE name = @name AND version = @version", new { name, version }, cancellationToken: ct));
        return row?.ToRecord();
    }

    public async Task<IReadOnlyList<AppRecord>> ListAppsAsync(CancellationToken ct = default)
    {
        await using var c = await OpenAsync(ct);
        var rows = await c.QueryAsync<AppRow>(new CommandDefinition($"SELECT {AppColumns} FROM apps ORDER BY name, created_ms", cancellationToken: ct));
        return rows.Select(r => r.ToRecord()).ToArray();
    }

    public async Task<bool> DeleteAppAsync(string name, string version, CancellationToken ct = default)
    {
        await using var c = await OpenAsync(ct);
        return await c.ExecuteAsync(new CommandDefinition("DELETE FROM apps WHERE name = @name AND version = @version",
            new { name, version }, cancellationToken: ct)) == 1;
    }

    /// <summary>Parameters for <c>IN (...)</c>, spelled out: Dapper would pass a PostgreSQL array, which SQLite lacks.</summary>
    private static (string List, DynamicParameters Args) InList(IEnumerable<string> values)
    {
        var args = new DynamicParameters();
        var names = new List<string>();
        foreach (var value in values)
        {
            var name = $"v{names.Count}";
            args.Add(name, value);
            names.Add("@" + name);
        }
        return (string.Join(", ", names), args);
    }

    private static DateTimeOffset FromMs(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms);

    private sealed class UserRow
    {
        public string Name { get; set; } = "";
        public string? PasswordHash { get; set; }
        public string Roles { get; set; } = "";
        public long CreatedMs { get; set; }
        public UserRecord ToRecord() => new(Name, PasswordHash, Roles.Split(',', StringSplitOptions.RemoveEmptyEntries), FromMs(CreatedMs));
    }

    private sealed class KeyRow
    {
        public string Id { get; set; } = "";
        public string UserName { get; set; } = "";
        public string KeyHash { get; set; } = "";
        public long CreatedMs { get; set; }
        public long? RevokedMs { get; set; }
        public ApiKeyRecord ToRecord() => new(Id, UserName, KeyHash, FromMs(CreatedMs), RevokedMs is { } r ? FromMs(r) : null);
    }

    private sealed class FailureRow
    {
        public string Subject { get; set; } = "";
        public long Failures { get; set; }
        public long LastFailureMs { get; set; }
        public LoginFailureRecord ToRecord() => new(Subject, (int)Failures, FromMs(LastFailureMs));
    }

    private sealed class AppRow
    {
        public string Name { get; set; } = "";
        public string Version { get; set; } = "";
        public string Publisher { get; set; } = "";
        public long CreatedMs { get; set; }
        public string ManifestDigest { get; set; } = "";
        public long Size { get; set; }
        public AppRecord ToRecord() => new(Name, Version, Publisher, FromMs(CreatedMs), ManifestDigest, Size);
    }
}

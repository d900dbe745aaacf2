using System.Text.RegularExpressions;
using Gravity.Core;
using Gravity.Hub.Storage;

namespace Gravity.Hub.Accounts;

/// <summary>Users, API keys and tokens over the metadata store: the admin commands and the Hub's authentication both use it.</summary>
public sealed partial class AccountService
{
    private readonly IMetadataStore _store;
    private readonly PasswordHasher _hasher;

    public AccountService(IMetadataStore store, TokenSigner signer, AccountOptions? options = null)
    {
        _store = store;
        Signer = signer;
        Options = options ?? new AccountOptions();
        _hasher = new PasswordHasher(Options.PasswordIterations);
        _dummyHash = new Lazy<string>(() => _hasher.Hash("not a password"));
    }

    private readonly Lazy<string> _dummyHash;

    public IMetadataStore Store => _store;
    public TokenSigner Signer { get; }
    public AccountOptions Options { get; }

    public static bool IsValidUserName(string name) => UserNameGrammar().IsMatch(name);

    public async Task<UserRecord> AddUserAsync(string name, IReadOnlyList<string> roles, string? password, CancellationToken ct = default)
    {
        if (!IsValidUserName(name))
            throw new GravityException($"invalid user name '{name}': use letters, digits and . _ @ - (up to 128 characters)");
        foreach (var role in roles)
            if (!Roles.All.Contains(role)) throw new GravityException($"unknown role '{role}': expected one of {string.Join(", ", Roles.All)}");
        if (password is { Length: < 8 }) throw new GravityException("password too short: use at least 8 characters");
        var user = new UserRecord(name, password is null ? null : _hasher.Hash(password), roles, Signer.Time.GetUtcNow());
        if (!await _store.AddUserAsync(user, ct)) throw new GravityException($"user '{name}' exists already");
        return user;
    }

    public async Task<(ApiKeyRecord Record, string Key)> CreateApiKeyAsync(string user, CancellationToken ct = default)
    {
        if (await _store.GetUserAsync(user, ct) is null) throw new GravityException($"no user '{user}'");
        var key = ApiKeys.Generate();
        var record = new ApiKeyRecord(ApiKeys.NewId(), user, ApiKeys.HashOf(key), Signer.Time.GetUtcNow(), null);
        await _store.AddApiKeyAsync(record, ct);
        return (record, key);
    }

    /// <summary>
    /// Checks a user name and secret (password or API key). An API key alone (empty user) is accepted too, since it
    /// names its user. Null when they do not match; the caller cannot tell which part was wrong.
    /// </summary>
    public async Task<Principal?> AuthenticateAsync(string? user, string secret, CancellationToken ct = default)
    {
        if (string.IsNullOrEmpty(secret)) return null;
        if (ApiKeys.LooksLikeKey(secret))
        {
            var key = await _store.FindApiKeyByHashAsync(ApiKeys.HashOf(secret), ct);
            if (key is null || !key.Active) return null;
            if (!string.IsNullOrEmpty(user) && user != key.User) return null;
            var owner = await _store.GetUserAsync(key.User, ct);
            return owner is null ? null : new Principal(owner.Name, owner.Roles, key.Id);
        }
        if (string.IsNullOrEmpty(user)) return null;
        var record = await _store.GetUserAsync(user, ct);
        if (record is null)
        {
            // Spend the same time as for a real user, so response times do not reveal which names exist.
            PasswordHasher.Verify(secret, _dummyHash.Value);
            return null;
        }
        return VerifyPassword(record, secret) ? new Principal(record.Name, record.Roles) : null;
    }

    /// <summary>
    /// Registry clients using Basic auth send the password with every request; a slow KDF on each would make pushes
    /// crawl. A successful check is remembered (as a hash bound to the stored password hash, so a password change
    /// invalidates it) for a few minutes.
    /// </summary>
    private bool VerifyPassword(UserRecord record, string secret)
    {
        if (record.PasswordHash is null) return false;
        var key = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(
            System.Text.Encoding.UTF8.GetBytes($"{record.Name}\0{secret}\0{record.PasswordHash}")));
        var now = Signer.Time.GetUtcNow();
        if (_verified.TryGetValue(key, out var until) && until > now) return true;
        if (!PasswordHasher.Verify(secret, record.PasswordHash)) return false;
        if (_verified.Count > 10_000) _verified.Clear();
        _verified[key] = now.AddMinutes(5);
        return true;
    }

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, DateTimeOffset> _verified = new();

    /// <summary>
    /// The caller behind a bearer token: valid signature, not expired, user still present, key (if any) not revoked.
    /// Roles are the user's current ones, so removing a role takes effect before the token expires.
    /// </summary>
    public async Task<Principal?> ValidateTokenAsync(string token, CancellationToken ct = default)
    {
        var claims = Signer.Validate(token);
        if (claims is null) return null;
        // Anonymous tokens (public pulls) carry no user: only their scopes count.
        if (claims.Subject.Length == 0) return new Principal("", [], null, claims);
        var user = await _store.GetUserAsync(claims.Subject, ct);
        if (user is null) return null;
        if (claims.KeyId is not null)
        {
            var key = await _store.GetApiKeyAsync(claims.KeyId, ct);
            if (key is null || !key.Active) return null;
        }
        return new Principal(user.Name, user.Roles, claims.KeyId, claims);
    }

    public (string Token, TokenClaims Claims) IssueSession(Principal principal)
        => Signer.Issue(principal.User, TokenClaims.SessionKind, [], Options.SessionTokenLifetime, principal.KeyId);

    public (string Token, TokenClaims Claims) IssueRegistryToken(string? subject, IEnumerable<AccessScope> granted, string? keyId)
        => Signer.Issue(subject ?? "", TokenClaims.RegistryKind, granted, Options.RegistryTokenLifetime, keyId);


    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._@-]{0,127}$")]
    private static partial Regex UserNameGrammar();
}

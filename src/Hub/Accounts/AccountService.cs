using System.Text.RegularExpressions;
using Gravity.Core;
using Gravity.Hub.Storage;

namespace Gravity.Hub.Accounts;

/// <summary>Users, API keys and tokens over the metadata store: the admin commands and the Hub's authentication both use it.</summary>
public sealed partial class AccountService
{
    private readonly IMetadataStore _store;
    private readonly IPasswordHasher _hasher;

    public AccountService(IMetadataStore store, TokenSigner signer, AccountOptions? options = null, IPasswordHasher? hasher = null)
    {
        _store = store;
        Signer = signer;
        Options = options ?? new AccountOptions();
        _hasher = hasher ?? new PasswordHasher(Options.PasswordIterations);
        // Hashed like real passwords, so that checking against it costs what checking a real one does.
        _dummyHash = new Lazy<string>(() => _hasher.Hash("not a password"));
        Throttle = new LoginThrottle(store, Options, signer.Time);
    }

    private readonly Lazy<string> _dummyHash;

    public IMetadataStore Store => _store;
    public TokenSigner Signer { get; }
    public AccountOptions Options { get; }
    public LoginThrottle Throttle { get; }

    public static bool IsValidUserName(string name) => UserNameGrammar().IsMatch(name);

    public async Task<UserRecord> AddUserAsync(string name, IReadOnlyList<string> roles, string? password, CancellationToken ct = default)
    {
        if (!IsValidUserName(name))
            throw new GravityException($"invalid user name '{name}': use letters, digits and . _ @ - (up to 128 characters)");
        if (roles.Count == 0) throw new GravityException($"no role given: expected one or more of {string.Join(", ", Roles.All)}");
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
    /// Checks a user name and secret (password or API key) from <paramref name="clientAddress"/>. An API key alone
    /// (empty user) is accepted too, since it names its user. No principal when they do not match; the caller cannot
    /// tell which part was wrong, not even by the time it takes: exactly one password verification runs whether the
    /// user exists, has only API keys, or has a password. While the user or the address is locked out (see
    /// <see cref="LoginThrottle"/>) passwords are not even checked.
    /// </summary>
    public async Task<CredentialCheck> AuthenticateAsync(string? user, string secret, string? clientAddress, CancellationToken ct = default)
    {
        if (string.IsNullOrEmpty(secret)) return CredentialCheck.Failed;
        var (lockout, userHasFailures) = await Throttle.CheckAsync(user, clientAddress, ct);
        if (ApiKeys.LooksLikeKey(secret))
        {
            // 256 random bits cannot be guessed: a user's lockout does not stop their keys (or guessing their password
            // would lock out their CI), an address's does.
            if (lockout is { Kind: LockoutKind.Address }) return new CredentialCheck(null, lockout);
            var principal = await AuthenticateKeyAsync(user, secret, ct);
            if (principal is null) await Throttle.RecordFailureAsync(null, clientAddress, ct);
            return new CredentialCheck(principal);
        }
        if (lockout is not null) return new CredentialCheck(null, lockout);
        if (string.IsNullOrEmpty(user)) return CredentialCheck.Failed;
        var record = await _store.GetUserAsync(user, ct);
        if (VerifyPassword(record, secret) && record is not null)
        {
            if (userHasFailures) await Throttle.RecordSuccessAsync(record.Name, ct);
            return new CredentialCheck(new Principal(record.Name, record.Roles));
        }
        await Throttle.RecordFailureAsync(user, clientAddress, ct);
        return CredentialCheck.Failed;
    }

    private async Task<Principal?> AuthenticateKeyAsync(string? user, string secret, CancellationToken ct)
    {
        var key = await _store.FindApiKeyByHashAsync(ApiKeys.HashOf(secret), ct);
        if (key is null || !key.Active) return null;
        if (!string.IsNullOrEmpty(user) && user != key.User) return null;
        var owner = await _store.GetUserAsync(key.User, ct);
        return owner is null ? null : new Principal(owner.Name, owner.Roles, key.Id);
    }

    /// <summary>
    /// Registry clients using Basic auth send the password with every request; a slow KDF on each would make pushes
    /// crawl. A successful check is remembered (as a hash bound to the stored password hash, so a password change
    /// invalidates it) for a few minutes.
    /// </summary>
    private bool VerifyPassword(UserRecord? record, string secret)
    {
        if (record?.PasswordHash is null)
        {
            // No such user, or one with API keys only: spend the time a password check takes, so the answer does not
            // reveal which.
            _hasher.Verify(secret, _dummyHash.Value);
            return false;
        }
        var key = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(
            System.Text.Encoding.UTF8.GetBytes($"{record.Name}\0{secret}\0{record.PasswordHash}")));
        var now = Signer.Time.GetUtcNow();
        if (_verified.TryGetValue(key, out var until) && until > now) return true;
        if (!_hasher.Verify(secret, record.PasswordHash)) return false;
        if (_verified.Count > 10_000) _verified.Clear();
        _verified[key] = now.AddMinutes(5);
        return true;
    }

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, DateTimeOffset> _verified = new();

    /// <summary>
    /// The caller behind a bearer token: valid signature, not expired, not revoked (nor the session it came from), user
    /// still present, key (if any) not revoked. Roles are the user's current ones, so removing a role takes effect
    /// before the token expires. Revocations are read from the store on every use, so every Hub process sharing it
    /// honours them at once.
    /// </summary>
    public async Task<Principal?> ValidateTokenAsync(string token, CancellationToken ct = default)
    {
        var claims = Signer.Validate(token);
        if (claims is null || claims.Kind is not (TokenClaims.SessionKind or TokenClaims.RegistryKind)) return null;
        if (await _store.IsAnyTokenRevokedAsync(claims.RevocationIds, ct)) return null;
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

    /// <summary>A token for the registry only; <paramref name="sessionId"/> names the session it was asked with, so that ending the session ends it too.</summary>
    public (string Token, TokenClaims Claims) IssueRegistryToken(string? subject, IEnumerable<AccessScope> granted, string? keyId, string? sessionId = null)
        => Signer.Issue(subject ?? "", TokenClaims.RegistryKind, granted, Options.RegistryTokenLifetime, keyId, sessionId);

    /// <summary>Ends a session (tele logout): its token, and registry tokens asked with it, are refused from now on.</summary>
    public Task RevokeAsync(TokenClaims claims, CancellationToken ct = default)
        => _store.RevokeTokenAsync(claims.Id, claims.Expires, Signer.Time.GetUtcNow(), ct);


    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._@-]{0,127}$")]
    private static partial Regex UserNameGrammar();
}

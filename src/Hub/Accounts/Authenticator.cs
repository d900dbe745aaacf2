namespace Gravity.Hub.Accounts;

public enum AuthenticationOutcome { Anonymous, Authenticated, Invalid, LockedOut }

/// <summary>What an Authorization header amounts to: the caller, or why not.</summary>
public sealed record AuthenticationResult(AuthenticationOutcome Outcome, Principal? Principal = null, Lockout? Lockout = null);

/// <summary>
/// Turns an Authorization header (Basic user:password, Basic user:key, or Bearer token) into a <see cref="Principal"/>.
/// <paramref name="clientAddress"/> tells where the current request comes from, for counting failed logins per address.
/// </summary>
public sealed class Authenticator(AccountService accounts, Func<string?>? clientAddress = null)
{
    public TimeProvider Time => accounts.Signer.Time;

    public async Task<AuthenticationResult> CheckAsync(string? authorization, CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(authorization)) return new AuthenticationResult(AuthenticationOutcome.Anonymous);
        Principal? principal = null;
        if (AuthorizationHeader.TryParseBasic(authorization, out var user, out var secret))
        {
            var check = await accounts.AuthenticateAsync(user, secret, clientAddress?.Invoke(), ct);
            if (check.Lockout is not null) return new AuthenticationResult(AuthenticationOutcome.LockedOut, null, check.Lockout);
            principal = check.Principal;
        }
        else if (AuthorizationHeader.TryParseBearer(authorization, out var token))
            principal = await accounts.ValidateTokenAsync(token, ct);
        return principal is null ? new AuthenticationResult(AuthenticationOutcome.Invalid) : new AuthenticationResult(AuthenticationOutcome.Authenticated, principal);
    }

    /// <summary>The registry's view: a lockout is just invalid credentials (registry clients show no messages anyway).</summary>
    public async Task<(AuthenticationOutcome Outcome, Principal? Principal)> AuthenticateAsync(string? authorization, CancellationToken ct = default)
    {
        var result = await CheckAsync(authorization, ct);
        return (result.Outcome == AuthenticationOutcome.LockedOut ? AuthenticationOutcome.Invalid : result.Outcome, result.Principal);
    }
}

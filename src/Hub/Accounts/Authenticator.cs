namespace Gravity.Hub.Accounts;

public enum AuthenticationOutcome { Anonymous, Authenticated, Invalid }

/// <summary>Turns an Authorization header (Basic user:password, Basic user:key, or Bearer token) into a <see cref="Principal"/>.</summary>
public sealed class Authenticator(AccountService accounts)
{
    public async Task<(AuthenticationOutcome Outcome, Principal? Principal)> AuthenticateAsync(string? authorization, CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(authorization)) return (AuthenticationOutcome.Anonymous, null);
        Principal? principal = null;
        if (AuthorizationHeader.TryParseBasic(authorization, out var user, out var secret))
            principal = await accounts.AuthenticateAsync(user, secret, ct);
        else if (AuthorizationHeader.TryParseBearer(authorization, out var token))
            principal = await accounts.ValidateTokenAsync(token, ct);
        return principal is null ? (AuthenticationOutcome.Invalid, null) : (AuthenticationOutcome.Authenticated, principal);
    }
}

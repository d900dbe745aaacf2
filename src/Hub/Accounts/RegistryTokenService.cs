using System.Text.Json.Serialization;
using Gravity.Hub.Storage;

namespace Gravity.Hub.Accounts;

/// <summary>The response of Docker's token endpoint (both field names, as distribution sends them).</summary>
public sealed record TokenResponse(
    [property: JsonPropertyName("token")] string Token,
    [property: JsonPropertyName("access_token")] string AccessToken,
    [property: JsonPropertyName("expires_in")] long ExpiresIn,
    [property: JsonPropertyName("issued_at")] string IssuedAt);

/// <summary>
/// Docker's token endpoint: authenticates the caller (or treats them as anonymous) and returns a token carrying the
/// subset of the requested scopes they are entitled to; never an error for scopes they lack, as the spec requires.
/// </summary>
public sealed class RegistryTokenService(AccountService accounts, Authenticator authenticator, IMetadataStore store)
{
    /// <summary>
    /// Null when credentials were given but are wrong (401). A registry token is no credential here: one issued for
    /// pulling one repository must not buy a token for pushing another.
    /// </summary>
    public async Task<TokenResponse?> IssueAsync(string? authorization, IEnumerable<string?> scopeParameters, CancellationToken ct = default)
    {
        var (outcome, principal) = await authenticator.AuthenticateAsync(authorization, ct);
        if (outcome == AuthenticationOutcome.Invalid || principal is { Token.Kind: TokenClaims.RegistryKind }) return null;
        return await IssueForAsync(principal, scopeParameters, ct);
    }

    public async Task<TokenResponse> IssueForAsync(Principal? principal, IEnumerable<string?> scopeParameters, CancellationToken ct = default)
    {
        var granted = new List<AccessScope>();
        foreach (var scope in AccessScope.ParseMany(scopeParameters))
        {
            var actions = new List<string>();
            if (scope.Type == AccessScope.RepositoryType)
            {
                var isPublic = await store.IsRepositoryPublicAsync(scope.Name, ct);
                var wanted = scope.Actions.Contains("*") ? ["pull", "push", "delete"] : scope.Actions;
                foreach (var a in wanted)
                {
                    if (AccessScope.ParseAction(a) is not { } action) continue;
                    if ((principal?.Can(action) ?? false) || (action == HubAction.Pull && isPublic)) actions.Add(a);
                }
            }
            else if (scope is { Type: AccessScope.RegistryType, Name: "catalog" } && (principal?.Can(HubAction.List) ?? false))
            {
                actions.Add("*");
            }
            if (actions.Count > 0) granted.Add(scope with { Actions = actions });
        }
        var (token, claims) = accounts.IssueRegistryToken(principal?.User, granted, principal?.KeyId, principal?.Token?.Id);
        return new TokenResponse(token, token, claims.ExpiresAt - claims.IssuedAt,
            DateTimeOffset.FromUnixTimeSeconds(claims.IssuedAt).ToString("yyyy-MM-ddTHH:mm:ssZ"));
    }
}

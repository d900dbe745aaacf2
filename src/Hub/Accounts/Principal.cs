namespace Gravity.Hub.Accounts;

/// <summary>An authenticated caller. <see cref="Token"/> is set when a bearer token was presented: it limits what the caller may do to its scopes.</summary>
public sealed record Principal(string User, IReadOnlyList<string> Roles, string? KeyId = null, TokenClaims? Token = null)
{
    public bool Can(HubAction action) => Permissions.Allows(Roles, action);

    /// <summary>
    /// Whether these credentials are good for the Hub's own API: a password, an API key or a session token. A registry
    /// token is not, whatever its user's roles: it was handed out for the scopes in it, to a registry client.
    /// </summary>
    public bool MayUseHubApi => User.Length > 0 && Token is null or { Kind: TokenClaims.SessionKind };
}

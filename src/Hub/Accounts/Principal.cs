namespace Gravity.Hub.Accounts;

/// <summary>An authenticated caller. <see cref="Token"/> is set when a bearer token was presented: it limits what the caller may do to its scopes.</summary>
public sealed record Principal(string User, IReadOnlyList<string> Roles, string? KeyId = null, TokenClaims? Token = null)
{
    public bool Can(HubAction action) => Permissions.Allows(Roles, action);
}

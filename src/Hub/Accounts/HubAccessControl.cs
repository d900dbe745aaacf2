using Gravity.Hub.Storage;
using Gravity.Registry;

namespace Gravity.Hub.Accounts;

/// <summary>
/// The Hub's registry access rules. Basic credentials and tele session tokens are judged by the user's roles; registry
/// tokens from the token endpoint additionally by their scopes (lacking scope the user could have gets a fresh
/// challenge, as Docker clients expect). Without credentials only public repositories can be pulled.
/// </summary>
public sealed class HubAccessControl(Authenticator authenticator, IMetadataStore store, Func<string> realm, string service) : IRegistryAccessControl
{
    public async ValueTask<AccessDecision> CheckAsync(AccessRequest request, CancellationToken ct)
    {
        var action = ToHubAction(request.Action);
        var (outcome, principal) = await authenticator.AuthenticateAsync(request.Authorization, ct);
        switch (outcome)
        {
            case AuthenticationOutcome.Invalid:
                return AccessDecision.Unauthorized("invalid or expired credentials", Challenge(request, "invalid_token"));
            case AuthenticationOutcome.Anonymous:
                if (await PublicPullAsync(request, action, ct)) return AccessDecision.Allow();
                return AccessDecision.Unauthorized("authentication required", Challenge(request));
        }

        var p = principal!;
        // The version check (GET /v2/) only asks "who are you".
        if (request.Repository is null && action == HubAction.Pull) return AccessDecision.Allow(p.User);
        var rolesAllow = p.Can(action) || await PublicPullAsync(request, action, ct);
        if (p.Token is { Kind: TokenClaims.RegistryKind } token)
        {
            var granted = token.Scopes.Any(s => s.Grants(request.Repository, action));
            if (granted && rolesAllow) return AccessDecision.Allow(p.User);
            // Lacking scope the caller could get, or holding an anonymous token: ask for (better) credentials.
            if (!granted && rolesAllow || p.User.Length == 0)
                return AccessDecision.Unauthorized("token does not grant this access", Challenge(request, "insufficient_scope"));
            return AccessDecision.Denied(DeniedMessage(p, request), p.User);
        }
        return rolesAllow ? AccessDecision.Allow(p.User) : AccessDecision.Denied(DeniedMessage(p, request), p.User);
    }

    private async ValueTask<bool> PublicPullAsync(AccessRequest request, HubAction action, CancellationToken ct)
        => action == HubAction.Pull && request.Repository is not null && await store.IsRepositoryPublicAsync(request.Repository, ct);

    private static string DeniedMessage(Principal p, AccessRequest request)
        => $"user '{(p.User.Length == 0 ? "anonymous" : p.User)}' may not {request.Action.ToString().ToLowerInvariant()}" +
           (request.Repository is null ? "" : $" {request.Repository}");

    public static HubAction ToHubAction(RegistryAction action) => action switch
    {
        RegistryAction.Pull => HubAction.Pull,
        RegistryAction.Push => HubAction.Push,
        RegistryAction.Delete => HubAction.Delete,
        _ => HubAction.List,
    };

    /// <summary>The Bearer challenge naming the scope the client should ask the token endpoint for.</summary>
    public string Challenge(AccessRequest request, string? error = null)
    {
        var value = $"Bearer realm=\"{realm()}\",service=\"{service}\"";
        var scope = ScopeFor(request);
        if (scope is not null) value += $",scope=\"{scope}\"";
        if (error is not null) value += $",error=\"{error}\"";
        return value;
    }

    public static string? ScopeFor(AccessRequest request)
    {
        if (request.Repository is null)
            return request.Action == RegistryAction.Catalog ? "registry:catalog:*" : null;
        var actions = request.Action switch
        {
            RegistryAction.Push => "pull,push",
            RegistryAction.Delete => "delete",
            _ => "pull",
        };
        var scope = $"repository:{request.Repository}:{actions}";
        // Space-separated in one parameter, as distribution sends it: a token for both can mount the blob.
        return request.MountFrom is { } from ? $"{scope} repository:{from}:pull" : scope;
    }
}

using Gravity.Hub.Accounts;
using Microsoft.AspNetCore.Http;

namespace Gravity.Hub.Server.Auth;

/// <summary>The Hub API's error bodies: <c>{"error": "..."}</c> with the matching status.</summary>
internal static class ApiResults
{
    public static IResult Error(int status, string message) => Results.Json(new { error = message }, statusCode: status);

    /// <summary>The caller if they are authenticated and allowed <paramref name="action"/>; otherwise the 401/403 to send.</summary>
    public static async Task<(Principal? Principal, IResult? Failure)> RequireAsync(HttpContext http, Authenticator authenticator, HubAction action)
    {
        var (outcome, principal) = await authenticator.AuthenticateAsync(http.Request.Headers.Authorization.ToString(), http.RequestAborted);
        if (outcome == AuthenticationOutcome.Anonymous) return (null, Error(401, "authentication required: run tele login"));
        if (outcome == AuthenticationOutcome.Invalid || principal is null || principal.User.Length == 0)
            return (null, Error(401, "invalid or expired credentials: run tele login"));
        if (!principal.Can(action)) return (null, Error(403, $"user '{principal.User}' may not {action.ToString().ToLowerInvariant()}"));
        return (principal, null);
    }
}

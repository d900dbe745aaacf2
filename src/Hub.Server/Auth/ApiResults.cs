using Gravity.Hub.Accounts;
using Microsoft.AspNetCore.Http;

namespace Gravity.Hub.Server.Auth;

/// <summary>The Hub API's error bodies: <c>{"error": "..."}</c> with the matching status.</summary>
internal static class ApiResults
{
    public static IResult Error(int status, string message) => Results.Json(new { error = message }, statusCode: status);

    public static IResult BadBody(RequestBodyException e) => Results.Json(new { error = e.Message, field = e.Field }, statusCode: 400);

    /// <summary>429 with Retry-After, for a user or address locked out after failed logins.</summary>
    public static IResult LockedOut(HttpContext http, Lockout lockout, TimeProvider time)
    {
        var seconds = Math.Max(1, (long)Math.Ceiling((lockout.Until - time.GetUtcNow()).TotalSeconds));
        http.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return Error(429, lockout.Describe());
    }

    /// <summary>Where the request comes from, for counting failed logins per address.</summary>
    public static string? ClientAddress(HttpContext http) => http.Connection.RemoteIpAddress?.ToString();

    /// <summary>
    /// The caller if they are authenticated with credentials good for the Hub API (password, API key or session token:
    /// not a registry token) and allowed <paramref name="action"/>; otherwise the 401/403/429 to send.
    /// </summary>
    public static async Task<(Principal? Principal, IResult? Failure)> RequireAsync(HttpContext http, Authenticator authenticator, HubAction action)
    {
        var result = await authenticator.CheckAsync(http.Request.Headers.Authorization.ToString(), http.RequestAborted);
        var principal = result.Principal;
        switch (result.Outcome)
        {
            case AuthenticationOutcome.Anonymous:
                return (null, Error(401, "authentication required: run tele login"));
            case AuthenticationOutcome.LockedOut:
                return (null, LockedOut(http, result.Lockout!, authenticator.Time));
        }
        if (result.Outcome == AuthenticationOutcome.Invalid || principal is null || principal.User.Length == 0)
            return (null, Error(401, "invalid or expired credentials: run tele login"));
        if (!principal.MayUseHubApi)
            return (null, Error(403, "a registry token is good for the registry (/v2/) only: use a session token (tele login), a password or an API key"));
        if (!principal.Can(action)) return (null, Error(403, $"user '{principal.User}' may not {action.ToString().ToLowerInvariant()}"));
        return (principal, null);
    }
}

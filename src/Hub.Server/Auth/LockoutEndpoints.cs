using Gravity.Hub.Accounts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Gravity.Hub.Server.Auth;

/// <summary>The admin API over failed logins: who (user or address) is delayed or locked out until when, and unlocking.</summary>
internal static class LockoutEndpoints
{
    public static void Map(IEndpointRouteBuilder app, AccountService accounts, Authenticator authenticator)
    {
        app.MapGet("/api/v1/lockouts", async (HttpContext http) =>
        {
            var (_, failure) = await ApiResults.RequireAsync(http, authenticator, HubAction.Admin);
            if (failure is not null) return failure;
            var all = await accounts.Throttle.ListAsync(http.RequestAborted);
            return Results.Json(all.Select(l => new
            {
                kind = l.Kind == LockoutKind.User ? "user" : "address", name = l.Name, failedLogins = l.Failures,
                lastFailure = l.LastFailure, lockedUntil = AccountEndpoints.LockedUntil(l, accounts),
            }));
        });

        app.MapDelete("/api/v1/lockouts/users/{name}", async (HttpContext http, string name) =>
        {
            var (_, failure) = await ApiResults.RequireAsync(http, authenticator, HubAction.Admin);
            if (failure is not null) return failure;
            return await accounts.Throttle.UnlockUserAsync(name, http.RequestAborted)
                ? Results.NoContent() : ApiResults.Error(404, $"no failed logins counted for user '{name}'");
        });

        app.MapDelete("/api/v1/lockouts/addresses/{address}", async (HttpContext http, string address) =>
        {
            var (_, failure) = await ApiResults.RequireAsync(http, authenticator, HubAction.Admin);
            if (failure is not null) return failure;
            return await accounts.Throttle.UnlockAddressAsync(address, http.RequestAborted)
                ? Results.NoContent() : ApiResults.Error(404, $"no failed logins counted for address '{address}'");
        });
    }
}

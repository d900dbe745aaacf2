using Gravity.Core;
using Gravity.Hub.Accounts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Gravity.Hub.Server.Auth;

/// <summary>tele's session API (login, status, logout) and the admin API for users, keys and login lockouts.</summary>
internal static class AccountEndpoints
{
    public sealed record LoginResponse(string Token, string User, IReadOnlyList<string> Roles, DateTimeOffset Expires);

    public static void Map(IEndpointRouteBuilder app, AccountService accounts, Authenticator authenticator)
    {
        // Exchanges Basic user:password or user:key for a session token.
        app.MapPost("/api/v1/login", async (HttpContext http) =>
        {
            if (!AuthorizationHeader.TryParseBasic(http.Request.Headers.Authorization.ToString(), out var user, out var secret))
                return ApiResults.Error(401, "send Basic credentials (user and password, or user and API key)");
            var check = await accounts.AuthenticateAsync(user, secret, ApiResults.ClientAddress(http), http.RequestAborted);
            if (check.Lockout is not null) return ApiResults.LockedOut(http, check.Lockout, accounts.Signer.Time);
            if (check.Principal is not { } principal) return ApiResults.Error(401, "invalid user name, password or key");
            var (token, claims) = accounts.IssueSession(principal);
            return Results.Json(new LoginResponse(token, principal.User, principal.Roles, claims.Expires));
        });

        // Ends the session whose token is sent (tele logout): from now on every Hub process sharing the store refuses it.
        app.MapPost("/api/v1/logout", async (HttpContext http) =>
        {
            var result = await authenticator.CheckAsync(http.Request.Headers.Authorization.ToString(), http.RequestAborted);
            if (result.Principal is { Token: { Kind: TokenClaims.SessionKind } session })
            {
                await accounts.RevokeAsync(session, http.RequestAborted);
                return Results.NoContent();
            }
            return result.Outcome == AuthenticationOutcome.Authenticated
                ? ApiResults.Error(403, "only a session token (from tele login) can be logged out")
                : ApiResults.Error(401, "not logged in or session expired");
        });

        app.MapGet("/api/v1/status", async (HttpContext http) =>
        {
            var (outcome, principal) = await authenticator.AuthenticateAsync(http.Request.Headers.Authorization.ToString(), http.RequestAborted);
            if (outcome != AuthenticationOutcome.Authenticated || principal is null || !principal.MayUseHubApi)
                return ApiResults.Error(401, "not logged in or session expired");
            return Results.Json(new { user = principal.User, roles = principal.Roles, expires = principal.Token?.Expires });
        });

        app.MapGet("/api/v1/users", async (HttpContext http) =>
        {
            var (_, failure) = await ApiResults.RequireAsync(http, authenticator, HubAction.Admin);
            if (failure is not null) return failure;
            var users = await accounts.Store.ListUsersAsync(http.RequestAborted);
            var lockouts = (await accounts.Throttle.ListAsync(http.RequestAborted)).Where(l => l.Kind == LockoutKind.User).ToDictionary(l => l.Name);
            return Results.Json(users.Select(u => new
            {
                name = u.Name, roles = u.Roles, created = u.Created,
                failedLogins = lockouts.GetValueOrDefault(u.Name)?.Failures ?? 0,
                lockedUntil = LockedUntil(lockouts.GetValueOrDefault(u.Name), accounts),
            }));
        });

        app.MapPost("/api/v1/users", async (HttpContext http) =>
        {
            var (_, failure) = await ApiResults.RequireAsync(http, authenticator, HubAction.Admin);
            if (failure is not null) return failure;
            try
            {
                var body = await RequestBody.ReadObjectAsync(http.Request, http.RequestAborted);
                var name = RequestBody.RequiredString(body, "name");
                var roles = RequestBody.RequiredStringList(body, "roles", "[\"publisher\"]");
                var password = RequestBody.OptionalString(body, "password");
                var user = await accounts.AddUserAsync(name, roles.Select(Roles.Canonical).ToArray(), password, http.RequestAborted);
                return Results.Json(new { name = user.Name, roles = user.Roles, created = user.Created }, statusCode: 201);
            }
            catch (RequestBodyException e) { return ApiResults.BadBody(e); }
            catch (GravityException e) { return ApiResults.Error(400, e.Message); }
        });

        app.MapDelete("/api/v1/users/{name}", async (HttpContext http, string name) =>
        {
            var (_, failure) = await ApiResults.RequireAsync(http, authenticator, HubAction.Admin);
            if (failure is not null) return failure;
            return await accounts.Store.DeleteUserAsync(name, http.RequestAborted) ? Results.NoContent() : ApiResults.Error(404, $"no user '{name}'");
        });

        app.MapGet("/api/v1/keys", async (HttpContext http) =>
        {
            var (_, failure) = await ApiResults.RequireAsync(http, authenticator, HubAction.Admin);
            if (failure is not null) return failure;
            var keys = await accounts.Store.ListApiKeysAsync(http.RequestAborted);
            return Results.Json(keys.Select(k => new { id = k.Id, user = k.User, created = k.Created, revoked = k.Revoked }));
        });

        app.MapPost("/api/v1/keys", async (HttpContext http) =>
        {
            var (_, failure) = await ApiResults.RequireAsync(http, authenticator, HubAction.Admin);
            if (failure is not null) return failure;
            try
            {
                var body = await RequestBody.ReadObjectAsync(http.Request, http.RequestAborted);
                var (record, key) = await accounts.CreateApiKeyAsync(RequestBody.RequiredString(body, "user"), http.RequestAborted);
                return Results.Json(new { id = record.Id, user = record.User, key }, statusCode: 201);
            }
            catch (RequestBodyException e) { return ApiResults.BadBody(e); }
            catch (GravityException e) { return ApiResults.Error(404, e.Message); }
        });

        app.MapDelete("/api/v1/keys/{id}", async (HttpContext http, string id) =>
        {
            var (_, failure) = await ApiResults.RequireAsync(http, authenticator, HubAction.Admin);
            if (failure is not null) return failure;
            return await accounts.Store.RevokeApiKeyAsync(id, DateTimeOffset.UtcNow, http.RequestAborted)
                ? Results.NoContent() : ApiResults.Error(404, $"no active key '{id}'");
        });

        LockoutEndpoints.Map(app, accounts, authenticator);
    }

    internal static DateTimeOffset? LockedUntil(LoginFailures? failures, AccountService accounts)
        => failures?.LockedUntil is { } until && until > accounts.Signer.Time.GetUtcNow() ? until : null;
}

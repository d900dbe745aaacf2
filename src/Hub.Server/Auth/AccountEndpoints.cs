using Gravity.Core;
using Gravity.Hub.Accounts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Gravity.Hub.Server.Auth;

/// <summary>tele's session API (login, status) and the admin API for users and keys.</summary>
internal static class AccountEndpoints
{
    public sealed record LoginResponse(string Token, string User, IReadOnlyList<string> Roles, DateTimeOffset Expires);
    public sealed record NewUser(string Name, IReadOnlyList<string> Roles, string? Password);
    public sealed record NewKey(string User);

    public static void Map(IEndpointRouteBuilder app, AccountService accounts, Authenticator authenticator)
    {
        // Exchanges Basic user:password or user:key for a session token.
        app.MapPost("/api/v1/login", async (HttpContext http) =>
        {
            if (!AuthorizationHeader.TryParseBasic(http.Request.Headers.Authorization.ToString(), out var user, out var secret))
                return ApiResults.Error(401, "send Basic credentials (user and password, or user and API key)");
            var principal = await accounts.AuthenticateAsync(user, secret, http.RequestAborted);
            if (principal is null) return ApiResults.Error(401, "invalid user name, password or key");
            var (token, claims) = accounts.IssueSession(principal);
            return Results.Json(new LoginResponse(token, principal.User, principal.Roles, claims.Expires));
        });

        app.MapGet("/api/v1/status", async (HttpContext http) =>
        {
            var (outcome, principal) = await authenticator.AuthenticateAsync(http.Request.Headers.Authorization.ToString(), http.RequestAborted);
            if (outcome != AuthenticationOutcome.Authenticated || principal is null || principal.User.Length == 0)
                return ApiResults.Error(401, "not logged in or session expired");
            return Results.Json(new { user = principal.User, roles = principal.Roles, expires = principal.Token?.Expires });
        });

        app.MapGet("/api/v1/users", async (HttpContext http) =>
        {
            var (_, failure) = await ApiResults.RequireAsync(http, authenticator, HubAction.Admin);
            if (failure is not null) return failure;
            var users = await accounts.Store.ListUsersAsync(http.RequestAborted);
            return Results.Json(users.Select(u => new { name = u.Name, roles = u.Roles, created = u.Created }));
        });

        app.MapPost("/api/v1/users", async (HttpContext http, NewUser body) =>
        {
            var (_, failure) = await ApiResults.RequireAsync(http, authenticator, HubAction.Admin);
            if (failure is not null) return failure;
            try
            {
                var user = await accounts.AddUserAsync(body.Name, body.Roles, body.Password, http.RequestAborted);
                return Results.Json(new { name = user.Name, roles = user.Roles, created = user.Created }, statusCode: 201);
            }
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

        app.MapPost("/api/v1/keys", async (HttpContext http, NewKey body) =>
        {
            var (_, failure) = await ApiResults.RequireAsync(http, authenticator, HubAction.Admin);
            if (failure is not null) return failure;
            try
            {
                var (record, key) = await accounts.CreateApiKeyAsync(body.User, http.RequestAborted);
                return Results.Json(new { id = record.Id, user = record.User, key }, statusCode: 201);
            }
            catch (GravityException e) { return ApiResults.Error(404, e.Message); }
        });

        app.MapDelete("/api/v1/keys/{id}", async (HttpContext http, string id) =>
        {
            var (_, failure) = await ApiResults.RequireAsync(http, authenticator, HubAction.Admin);
            if (failure is not null) return failure;
            return await accounts.Store.RevokeApiKeyAsync(id, DateTimeOffset.UtcNow, http.RequestAborted)
                ? Results.NoContent() : ApiResults.Error(404, $"no active key '{id}'");
        });
    }
}

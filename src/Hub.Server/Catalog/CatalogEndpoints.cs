using Gravity.Hub.Accounts;
using Gravity.Hub.Catalog;
using Gravity.Hub.Server.Auth;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Gravity.Hub.Server.Catalog;

/// <summary>The catalog API: list, register (after a push, to record the publisher) and remove cluster images.</summary>
internal static class CatalogEndpoints
{
    public static void Map(IEndpointRouteBuilder app, CatalogService catalog, Authenticator authenticator)
    {
        app.MapGet("/api/v1/apps", async (HttpContext http, string? name) =>
        {
            var (_, failure) = await ApiResults.RequireAsync(http, authenticator, HubAction.List);
            if (failure is not null) return failure;
            return Results.Json(await catalog.ListAsync(name, http.RequestAborted));
        });

        app.MapGet("/api/v1/apps/{name}/{version}", async (HttpContext http, string name, string version) =>
        {
            var (_, failure) = await ApiResults.RequireAsync(http, authenticator, HubAction.Pull);
            if (failure is not null) return failure;
            var entry = await catalog.FindAsync(name, version, http.RequestAborted);
            return entry is null ? ApiResults.Error(404, $"application {name}:{version} not found") : Results.Json(entry);
        });

        app.MapPost("/api/v1/apps/{name}/{version}", async (HttpContext http, string name, string version) =>
        {
            var (principal, failure) = await ApiResults.RequireAsync(http, authenticator, HubAction.Push);
            if (failure is not null) return failure;
            var entry = await catalog.RegisterAsync(name, version, principal!.User, DateTimeOffset.UtcNow, http.RequestAborted);
            return entry is null ? ApiResults.Error(404, $"application {name}:{version} not found in the registry: push it first") : Results.Json(entry);
        });

        app.MapDelete("/api/v1/apps/{name}/{version}", async (HttpContext http, string name, string version) =>
        {
            var (_, failure) = await ApiResults.RequireAsync(http, authenticator, HubAction.Delete);
            if (failure is not null) return failure;
            return await catalog.DeleteAsync(name, version, http.RequestAborted)
                ? Results.NoContent() : ApiResults.Error(404, $"application {name}:{version} not found");
        });
    }
}

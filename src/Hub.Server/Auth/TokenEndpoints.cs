using Gravity.Hub.Accounts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Gravity.Hub.Server.Auth;

/// <summary>
/// Docker's token endpoint at /v2/token (also /auth/token): GET with Basic credentials (or none, for public pulls), and
/// the OAuth2 POST form (grant_type=password) that containerd tries first.
/// </summary>
internal static class TokenEndpoints
{
    public const string Path = "/v2/token";

    public static void Map(IEndpointRouteBuilder app, RegistryTokenService tokens, AccountService accounts)
    {
        foreach (var path in new[] { Path, "/auth/token" })
        {
            app.MapGet(path, async (HttpContext http) =>
            {
                var issued = await tokens.IssueAsync(http.Request.Headers.Authorization.ToString(), http.Request.Query["scope"].ToArray(), http.RequestAborted);
                return issued is null ? Unauthorized(http) : Results.Json(issued);
            });
            app.MapPost(path, async (HttpContext http) =>
            {
                if (!http.Request.HasFormContentType) return ApiResults.Error(400, "expected an OAuth2 form");
                var form = await http.Request.ReadFormAsync(http.RequestAborted);
                if (form["grant_type"] != "password") return ApiResults.Error(400, "unsupported grant_type: use password");
                var check = await accounts.AuthenticateAsync(form["username"].ToString(), form["password"].ToString(), ApiResults.ClientAddress(http), http.RequestAborted);
                if (check.Principal is not { } principal) return Unauthorized(http);
                var issued = await tokens.IssueForAsync(principal, form["scope"].ToArray(), http.RequestAborted);
                return Results.Json(issued);
            });
        }
    }

    private static IResult Unauthorized(HttpContext http)
    {
        http.Response.Headers.WWWAuthenticate = "Basic realm=\"gravity-hub\"";
        return Results.Json(new { errors = new[] { new { code = "UNAUTHORIZED", message = "invalid credentials" } } }, statusCode: 401);
    }
}

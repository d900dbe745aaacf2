using Gravity.Hub.Accounts;
using Gravity.Hub.Catalog;
using Gravity.Hub.Registry;
using Gravity.Hub.Server.Auth;
using Gravity.Hub.Server.Catalog;
using Gravity.Hub.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Gravity.Hub.Server;

/// <summary>
/// The Hub: the registry server with accounts in front of it (users, API keys, Docker's token flow), the cluster image
/// catalog, and tele's session API. Everything shared between Hub processes lives in the metadata store and the data
/// folder (blobs, token signing key), so several processes can serve one catalog.
/// </summary>
public static class HubApplication
{
    public static async Task<WebApplication> BuildAsync(HubServerOptions options, CancellationToken ct = default)
    {
        var store = await MetadataStores.OpenAsync(options.Registry.DataDir, options.Database, ct);
        var accounts = new AccountService(store, new TokenSigner(SigningKeyFile.LoadOrCreate(options.Registry.DataDir)), options.Accounts);
        var authenticator = new Authenticator(accounts);
        var tokens = new RegistryTokenService(accounts, authenticator, store);
        var http = new HttpContextAccessor();
        var access = new HubAccessControl(authenticator, store, () => RealmOf(http.HttpContext, options.PublicUrl), options.Accounts.Service);

        return RegistryApplication.Build(options.Registry,
            builder =>
            {
                builder.Services.AddSingleton<IHttpContextAccessor>(http);
                builder.Services.AddSingleton(store);
                builder.Services.AddSingleton(accounts);
                builder.Services.AddSingleton<IRegistryAccessControl>(access);
            },
            app =>
            {
                var catalog = new CatalogService(new RegistryArtifactSource(app.Services.GetRequiredService<RegistryStorage>()), store);
                TokenEndpoints.Map(app, tokens, accounts);
                AccountEndpoints.Map(app, accounts, authenticator);
                CatalogEndpoints.Map(app, catalog, authenticator);
            });
    }

    private static string RealmOf(HttpContext? request, string? publicUrl)
    {
        if (publicUrl is not null) return publicUrl.TrimEnd('/') + TokenEndpoints.Path;
        if (request is null) return TokenEndpoints.Path;
        return $"{request.Request.Scheme}://{request.Request.Host}{TokenEndpoints.Path}";
    }
}

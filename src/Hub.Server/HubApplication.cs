using System.Net;
using Gravity.Core;
using Gravity.Hub.Accounts;
using Gravity.Hub.Catalog;
using Gravity.Hub.Server.Auth;
using Gravity.Hub.Server.Catalog;
using Gravity.Hub.Storage;
using Gravity.Registry;
using Gravity.Registry.Server;
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
    /// <param name="configureServices">Extra services (e.g. a log provider), added after the Hub's own.</param>
    public static async Task<WebApplication> BuildAsync(HubServerOptions options, CancellationToken ct = default,
        Action<WebApplicationBuilder>? configureServices = null)
    {
        var publicUrl = PublicUrlOf(options.PublicUrl);
        var store = await MetadataStores.OpenAsync(options.Registry.DataDir, options.Database, ct);
        var accounts = new AccountService(store, new TokenSigner(SigningKeyFile.LoadOrCreate(options.Registry.DataDir), options.Time), options.Accounts);
        var http = new HttpContextAccessor();
        var authenticator = new Authenticator(accounts, () => http.HttpContext is { } context ? ApiResults.ClientAddress(context) : null);
        var tokens = new RegistryTokenService(accounts, authenticator, store);
        var access = new HubAccessControl(authenticator, store, () => RealmOf(http.HttpContext, publicUrl), options.Accounts.Service);

        return RegistryApplication.Build(options.Registry,
            builder =>
            {
                builder.Services.AddSingleton<IHttpContextAccessor>(http);
                builder.Services.AddSingleton(store);
                builder.Services.AddSingleton(accounts);
                builder.Services.AddSingleton<IRegistryAccessControl>(access);
                builder.Services.AddSingleton<IManifestAdmission, ClusterImageAdmission>();
                configureServices?.Invoke(builder);
            },
            app =>
            {
                var catalog = new CatalogService(new RegistryArtifactSource(app.Services.GetRequiredService<RegistryStorage>()), store);
                TokenEndpoints.Map(app, tokens, accounts);
                AccountEndpoints.Map(app, accounts, authenticator);
                CatalogEndpoints.Map(app, catalog, authenticator);
            });
    }

    /// <summary>
    /// Where clients fetch tokens. Never from the Host header: a client could name any host there and a challenge
    /// relayed to another client (through a proxy or cache) would send its credentials to that host. Without
    /// --public-url the realm is the address the connection arrived at (the listen address, or the interface's address
    /// when listening on all interfaces).
    /// </summary>
    private static string RealmOf(HttpContext? ctx, string? publicUrl)
    {
        if (publicUrl is not null) return publicUrl + TokenEndpoints.Path;
        if (ctx?.Connection.LocalIpAddress is not { } address) return TokenEndpoints.Path;
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        return $"{ctx.Request.Scheme}://{new IPEndPoint(address, ctx.Connection.LocalPort)}{TokenEndpoints.Path}";
    }

    /// <summary>The configured public URL without a trailing slash; an absolute http(s) URL without query, or a clear error.</summary>
    private static string? PublicUrlOf(string? value)
    {
        if (value is null) return null;
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || uri.Query.Length > 0
            || uri.Fragment.Length > 0 || uri.UserInfo.Length > 0)
            throw new GravityException($"--public-url '{value}' is not an http:// or https:// URL without user, query or fragment (e.g. https://hub.example.com)");
        return value.TrimEnd('/');
    }
}

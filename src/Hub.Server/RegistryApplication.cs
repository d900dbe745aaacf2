using Gravity.Hub.Registry;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Gravity.Hub.Server;

/// <summary>
/// Builds the OCI Distribution registry web application (serving /v2/). The Hub (H6) adds its services through
/// <c>configureServices</c> (e.g. its own <see cref="IRegistryAccessControl"/>, registered before the default) and its
/// endpoints/middleware through <c>configureApp</c>.
/// </summary>
public static class RegistryApplication
{
    public static WebApplication Build(RegistryServerOptions options, Action<WebApplicationBuilder>? configureServices = null,
        Action<WebApplication>? configureApp = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        configureServices?.Invoke(builder);
        builder.Services.TryAddSingleton<IRegistryAccessControl>(AllowAllAccessControl.Instance);
        var app = builder.Build();
        configureApp?.Invoke(app);
        return app;
    }
}

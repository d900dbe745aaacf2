using System.Security.Cryptography.X509Certificates;
using Gravity.Core;
using Gravity.Registry;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace Gravity.Registry.Server;

/// <summary>
/// Builds the OCI Distribution registry web application (serving /v2/). The Hub (H6) adds its services through
/// <c>configureServices</c> (e.g. its own <see cref="IRegistryAccessControl"/>, which then replaces the allow-all
/// default) and its endpoints/middleware through <c>configureApp</c>. More specific routes it maps under /v2/ (such as
/// /v2/token) take precedence over the registry's catch-all.
/// </summary>
public static class RegistryApplication
{
    public static WebApplication Build(RegistryServerOptions options, Action<WebApplicationBuilder>? configureServices = null,
        Action<WebApplication>? configureApp = null)
    {
        var endpoint = ListenAddress.Parse(options.Listen);
        var endpoints = options.AlsoListen.Select(ListenAddress.Parse).Prepend(endpoint).Distinct().ToList();
        var certificate = LoadCertificate(options, endpoint.Address);
        var clientCa = LoadClientCa(options, certificate);

        var builder = Gravity.ServerHosting.ServerBuilderFactory.CreateSlim();
        builder.WebHost.UseKestrelHttpsConfiguration();
        // Registered after Kestrel's default (the last registration wins): 64 KiB socket reads instead of 4 KiB.
        builder.Services.AddSingleton<IMemoryPoolFactory<byte>, LargeBlockMemoryPoolFactory>();
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            k.Limits.MaxRequestBodySize = null; // blobs are streamed to disk; manifests are limited by the endpoint
            k.Limits.MaxResponseBufferSize = 4 * 1024 * 1024; // room for large blob writes without a flush stall per 64 KiB
            foreach (var e in endpoints)
                k.Listen(e, listen =>
                {
                    if (certificate is null) return;
                    if (clientCa is null) listen.UseHttps(certificate);
                    else listen.UseHttps(new HttpsConnectionAdapterOptions
                    {
                        ServerCertificate = certificate,
                        ClientCertificateMode = ClientCertificateMode.AllowCertificate,
                        ClientCertificateValidation = (cert, _, _) => ClientCertificateAccessControl.IsIssuedBy(clientCa, cert),
                        CheckCertificateRevocation = false,
                    });
                });
        });
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.Hosting.Lifetime", LogLevel.Warning); // the CLI prints its own one-line banner
        // One line per message (the request log is one line per request), with the time as access logs have it.
        builder.Logging.AddSimpleConsole(o => { o.SingleLine = true; o.UseUtcTimestamp = true; o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ "; });

        var storage = new RegistryStorage(options.DataDir);
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(storage);
        builder.Services.AddSingleton<RegistryHandler>();
        builder.Services.AddHostedService<UploadCleanupService>();
        configureServices?.Invoke(builder);
        if (clientCa is not null)
            builder.Services.TryAddSingleton<IRegistryAccessControl>(new ClientCertificateAccessControl(clientCa, endpoints.Select(e => e.Address)));
        builder.Services.TryAddSingleton<IRegistryAccessControl>(AllowAllAccessControl.Instance);

        var app = builder.Build();
        app.Use(RequestLog.Middleware(app.Services.GetRequiredService<ILoggerFactory>()));
        app.Use((ctx, next) =>
        {
            ctx.Response.Headers["Docker-Distribution-API-Version"] = "registry/2.0";
            return next(ctx);
        });
        configureApp?.Invoke(app);
        var handler = app.Services.GetRequiredService<RegistryHandler>();
        string[] methods = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"];
        app.MapMethods("/v2/{**rest}", methods, handler.HandleAsync); // also matches /v2 and /v2/
        return app;
    }

    /// <summary>The address the started application listens on, e.g. "127.0.0.1:5000" (useful with port 0).</summary>
    public static string GetListenAddress(WebApplication app)
    {
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses;
        var url = addresses?.FirstOrDefault() ?? throw new InvalidOperationException("the application is not listening yet");
        return new Uri(url.Replace("://*", "://localhost").Replace("://+", "://localhost")).Authority;
    }

    private static X509Certificate2? LoadClientCa(RegistryServerOptions options, X509Certificate2? serverCertificate)
    {
        if (options.ClientCaPath is null) return null;
        if (serverCertificate is null) throw new GravityException("client certificates (--client-ca) need TLS (--tls-cert/--tls-key)");
        try { return X509Certificate2.CreateFromPem(File.ReadAllText(options.ClientCaPath)); }
        catch (Exception ex) when (ex is System.Security.Cryptography.CryptographicException or IOException or UnauthorizedAccessException)
        {
            throw new GravityException($"cannot load the client CA certificate {options.ClientCaPath}: {ex.Message}");
        }
    }

    private static X509Certificate2? LoadCertificate(RegistryServerOptions options, System.Net.IPAddress address)
    {
        if (options.TlsCertPath is not null || options.TlsKeyPath is not null)
        {
            if (options.TlsCertPath is null || options.TlsKeyPath is null)
                throw new GravityException("TLS needs both a certificate (--tls-cert) and its key (--tls-key)");
            if (options.SelfSignedTls) throw new GravityException("choose either --tls-cert/--tls-key or --self-signed, not both");
            return TlsCertificates.LoadPem(options.TlsCertPath, options.TlsKeyPath);
        }
        return options.SelfSignedTls
            ? TlsCertificates.SelfSignedAsync(Path.Combine(options.DataDir, "tls"), address).GetAwaiter().GetResult()
            : null;
    }
}

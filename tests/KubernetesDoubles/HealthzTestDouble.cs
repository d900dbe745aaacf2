using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Gravity.KubernetesDoubles;

/// <summary>The /healthz (and /livez, /readyz) endpoint of a component double: "ok", over TLS when given a certificate.</summary>
public static class HealthzTestDouble
{
    public static async Task<WebApplication> StartAsync(IPAddress address, int port, string? certPath = null, string? keyPath = null, Func<bool>? healthy = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(address, port, listen =>
        {
            if (certPath is not null && keyPath is not null) listen.UseHttps(X509Certificate2.CreateFromPemFile(certPath, keyPath));
        }));
        var app = builder.Build();
        app.Run(async context =>
        {
            if (context.Request.Path.Value is not ("/healthz" or "/livez" or "/readyz")) { context.Response.StatusCode = 404; return; }
            var ok = healthy?.Invoke() ?? true;
            context.Response.StatusCode = ok ? 200 : 500;
            await context.Response.WriteAsync(ok ? "ok" : "not ready");
        });
        await app.StartAsync();
        return app;
    }

    /// <summary>"127.0.0.1:10256" or "0.0.0.0:10256" as kube-proxy's --healthz-bind-address takes it.</summary>
    public static (IPAddress Address, int Port) ParseHostPort(string value)
    {
        var colon = value.LastIndexOf(':');
        return (IPAddress.Parse(value[..colon].Trim('[', ']')), int.Parse(value[(colon + 1)..], System.Globalization.CultureInfo.InvariantCulture));
    }
}

using Gravity.Registry;
using Gravity.Registry.Server;
using Gravity.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Gravity.Registry.Tests;

/// <summary>The registry server (real Kestrel on 127.0.0.1) in this process, on its own data folder unless one is given.</summary>
public sealed class RegistryTestServer : IAsyncDisposable
{
    private readonly TempDir? _ownedDir;

    private RegistryTestServer(WebApplication app, RegistryServerOptions options, TempDir? ownedDir)
    {
        App = app;
        Options = options;
        _ownedDir = ownedDir;
        HostPort = RegistryApplication.GetListenAddress(app);
        Url = $"{(options.SelfSignedTls ? "https" : "http")}://{HostPort}";
    }

    public WebApplication App { get; }
    public RegistryServerOptions Options { get; }
    public string DataDir => Options.DataDir;
    public string HostPort { get; }
    public string Url { get; }
    public RegistryStorage Storage => App.Services.GetRequiredService<RegistryStorage>();

    public static async Task<RegistryTestServer> StartAsync(string? dataDir = null, bool selfSigned = false,
        IRegistryAccessControl? access = null, int port = 0, Func<RegistryServerOptions, RegistryServerOptions>? configure = null)
    {
        var owned = dataDir is null ? new TempDir("registry") : null;
        var options = new RegistryServerOptions { Listen = $"127.0.0.1:{port}", DataDir = dataDir ?? owned!.Path, SelfSignedTls = selfSigned };
        if (configure is not null) options = configure(options);
        var app = RegistryApplication.Build(options, access is null ? null : b => b.Services.AddSingleton(access));
        await app.StartAsync();
        return new RegistryTestServer(app, options, owned);
    }

    public HttpClient Client()
    {
        var handler = new HttpClientHandler { AllowAutoRedirect = false };
        if (Options.SelfSignedTls) handler.ServerCertificateCustomValidationCallback = HttpClientHandler.DangerousAcceptAnyServerCertificateValidator;
        return new HttpClient(handler) { BaseAddress = new Uri(Url), Timeout = TimeSpan.FromSeconds(60) };
    }

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
        _ownedDir?.Dispose();
    }
}

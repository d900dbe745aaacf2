using System.Net;
using System.Net.Sockets;
using Gravity.Hub.Accounts;
using Gravity.Hub.Server;
using Gravity.Registry.Server;
using Gravity.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Gravity.Hub.Tests.Accounts;

/// <summary>A real Hub (Kestrel on 127.0.0.1, SQLite or PostgreSQL metadata) in this process, with fast password hashing.</summary>
public sealed class HubServer : IAsyncDisposable
{
    public const string Password = "correct horse battery";
    private readonly TempDir? _ownedDir;

    private HubServer(WebApplication app, string dataDir, TempDir? ownedDir, bool tls)
    {
        App = app;
        DataDir = dataDir;
        _ownedDir = ownedDir;
        HostPort = RegistryApplication.GetListenAddress(app);
        Url = $"{(tls ? "https" : "http")}://{HostPort}";
        Accounts = app.Services.GetRequiredService<AccountService>();
    }

    public WebApplication App { get; }
    public string DataDir { get; }
    public string HostPort { get; }
    public string Url { get; }

    /// <summary>The generated certificate clients must trust when the Hub serves TLS.</summary>
    public string CaCertificatePath => Path.Combine(DataDir, "tls", "self-signed.crt");
    public AccountService Accounts { get; }

    /// <param name="accounts">Changes to the account settings (lockout thresholds...).</param>
    public static async Task<HubServer> StartAsync(string? dataDir = null, string? database = null, TimeSpan? registryTokenLifetime = null, bool tls = false,
        string? publicUrl = null, Action<WebApplicationBuilder>? configure = null, TimeProvider? time = null, Func<AccountOptions, AccountOptions>? accounts = null)
    {
        var owned = dataDir is null ? new TempDir("hub") : null;
        var dir = dataDir ?? owned!.Path;
        var accountOptions = new AccountOptions { PasswordIterations = 1000, RegistryTokenLifetime = registryTokenLifetime ?? TimeSpan.FromHours(1) };
        var options = new HubServerOptions
        {
            Registry = new RegistryServerOptions { Listen = "127.0.0.1:0", DataDir = dir, SelfSignedTls = tls },
            Database = database,
            Accounts = accounts?.Invoke(accountOptions) ?? accountOptions,
            PublicUrl = publicUrl,
            Time = time ?? TimeProvider.System,
        };
        var app = await HubApplication.BuildAsync(options, configureServices: configure);
        await app.StartAsync();
        return new HubServer(app, dir, owned, tls);
    }

    public Task<Gravity.Hub.Storage.UserRecord> AddUserAsync(string name, string role)
        => Accounts.AddUserAsync(name, [role], Password);

    public async Task<string> CreateKeyAsync(string user) => (await Accounts.CreateApiKeyAsync(user)).Key;

    public HttpClient Client(string? user = null, string? secret = null)
    {
        var http = new HttpClient { BaseAddress = new Uri(Url), Timeout = TimeSpan.FromSeconds(60) };
        if (user is not null) http.DefaultRequestHeaders.Add("Authorization", AuthorizationHeader.Basic(user, secret ?? Password));
        return http;
    }

    /// <summary>A client whose connections come from <paramref name="source"/> (any 127.0.0.0/8 address is local): another client address.</summary>
    public HttpClient ClientFrom(IPAddress source, string? authorization = null)
    {
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (context, ct) =>
            {
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
                try
                {
                    socket.Bind(new IPEndPoint(source, 0));
                    await socket.ConnectAsync(context.DnsEndPoint, ct);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        var http = new HttpClient(handler) { BaseAddress = new Uri(Url), Timeout = TimeSpan.FromSeconds(60) };
        if (authorization is not null) http.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", authorization);
        return http;
    }

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
        _ownedDir?.Dispose();
    }
}

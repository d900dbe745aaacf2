using System.Net;
using Gravity.Agent.Server;
using Gravity.Cluster.Certificates;
using Gravity.Cluster.Nodes;
using Gravity.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;

namespace Gravity.Cluster.Tests.Agents;

/// <summary>
/// The app-folder endpoints of a node's agent (<see cref="AppUploadEndpoint"/>, real Kestrel and TLS with the node's
/// certificate on loopback) serving the state folder <paramref name="stateDir"/>: another master, as far as upload goes.
/// </summary>
internal sealed class AppUploadAgent : IAsyncDisposable
{
    private readonly WebApplication _app;

    private AppUploadAgent(WebApplication app, int port, StateFolder folder)
    {
        _app = app;
        Port = port;
        Folder = folder;
    }

    public int Port { get; }
    public Uri Url => new($"https://127.0.0.1:{Port}/");
    public StateFolder Folder { get; }

    /// <param name="pki">The node's PKI (its certificate serves TLS; its CA decides which clients are the cluster's).</param>
    public static async Task<AppUploadAgent> StartAsync(ClusterPki pki, string stateDir)
    {
        for (var attempt = 0; ; attempt++)
        {
            var port = FreePort.Next();
            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            var certificate = pki.LoadNodeCertificate();
            builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, port, l => l.UseHttps(AgentTls.Options(certificate))));
            var app = builder.Build();
            var folder = new StateFolder(stateDir);
            AppUploadEndpoint.Map(app, folder, pki.LoadCaCertificate());
            try
            {
                await app.StartAsync();
                return new AppUploadAgent(app, port, folder);
            }
            catch (IOException) when (attempt < 5)
            {
                await app.DisposeAsync();   // the port was taken meanwhile: another one
            }
        }
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();
}

using System.Diagnostics;
using Gravity.Cluster.Certificates;
using Gravity.Oci.Registry;
using Gravity.Testing;

namespace Gravity.Cluster.Tests.Registry;

/// <summary>
/// `gravity registry serve` as a master runs it: TLS with the node certificate of <paramref name="pki"/>, clients of the
/// cluster CA may write, others only read from the listen address. A separate process, killed on dispose.
/// </summary>
public sealed class ClusterRegistryServer : IAsyncDisposable
{
    private readonly Process _process;

    private ClusterRegistryServer(Process process, string address, string dataDir)
    {
        _process = process;
        Address = address;
        DataDir = dataDir;
    }

    /// <summary>host:port.</summary>
    public string Address { get; }

    public string DataDir { get; }

    /// <summary>What a node of the cluster presents: the cluster CA trusted, its client certificate.</summary>
    public static RegistryClientOptions NodeClientOptions(ClusterPki pki) => new()
    {
        CaCertificatePath = pki.CaCertPath, ClientCertificatePath = pki.NodeCertPath, ClientKeyPath = pki.NodeKeyPath,
        RetryBaseDelay = TimeSpan.FromMilliseconds(50),
    };

    public static async Task<ClusterRegistryServer> StartAsync(ClusterPki pki, string dataDir, string host = "127.0.0.1", int? port = null)
    {
        var address = $"{host}:{port ?? FreePort.Next()}";
        var process = ProgramUnderTest.Gravity.Start(["registry", "serve", "--listen", address, "--data-dir", dataDir,
            "--tls-cert", pki.NodeCertPath, "--tls-key", pki.NodeKeyPath, "--client-ca", pki.CaCertPath]);
        var server = new ClusterRegistryServer(process, address, dataDir);
        using var handler = new SocketsHttpHandler();
        handler.SslOptions.RemoteCertificateValidationCallback = (_, _, _, _) => true; // readiness only
        using var http = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(2) };
        for (var i = 0; i < 600 && !process.HasExited; i++)
        {
            try
            {
                using var r = await http.GetAsync($"https://{address}/v2/");
                if ((int)r.StatusCode is 200 or 401) return server;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            await Task.Delay(100);
        }
        await server.DisposeAsync();
        throw new InvalidOperationException($"gravity registry serve on {address} did not start");
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
            }
        }
        catch (InvalidOperationException) { }
        _process.Dispose();
    }
}

using System.Diagnostics;
using Gravity.Cluster.Certificates;
using Gravity.Cluster.Etcd;
using Gravity.Cluster.Tests.Certificates;
using Gravity.Testing;

namespace Gravity.Cluster.Tests.Etcd;

/// <summary>
/// A real etcd on 127.0.0.1 with its data in a temporary folder, stopped and removed on dispose. With TLS it serves
/// clients as a node's etcd does: https only, a client certificate of a fresh cluster CA required.
/// </summary>
public sealed class EtcdProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly TempDir _dir;

    private EtcdProcess(Process process, TempDir dir, EtcdClientOptions options, Uri peerUrl)
    {
        _process = process;
        _dir = dir;
        ClientOptions = options;
        PeerUrl = peerUrl;
    }

    public Uri Endpoint => ClientOptions.Endpoint;

    /// <summary>How a client reaches it: with TLS, the cluster CA and a client certificate it issued.</summary>
    public EtcdClientOptions ClientOptions { get; }

    public Uri PeerUrl { get; }

    /// <summary>A new gRPC client of this etcd (the caller disposes it).</summary>
    public EtcdGrpcClient Client() => new(ClientOptions);

    /// <param name="clusterCa">With TLS: the secrets folder whose CA (ca.pem, ca-key.pem) etcd trusts and issues its own certificate from, as the nodes of one cluster share it; null: a fresh CA.</param>
    public static async Task<EtcdProcess> StartAsync(bool tls = false, string? clusterCa = null)
    {
        var dir = new TempDir("etcd");
        var clientPort = FreePort.Next();
        var peerPort = FreePort.Next();
        var url = $"{(tls ? "https" : "http")}://127.0.0.1:{clientPort}";
        var endpoint = new Uri(url);
        var options = new EtcdClientOptions(endpoint);
        var tlsArgs = new List<string>();
        if (tls)
        {
            var pki = new ClusterPki(dir.Path);
            if (clusterCa is not null) SharedCertificateAuthority.CopyTo(clusterCa, pki);
            await pki.EnsureCertificateAuthorityAsync("test");
            await pki.EnsureNodeCertificateAsync("test", "127.0.0.1");
            options = EtcdClientOptions.Tls(endpoint, pki.NodeTls);
            tlsArgs.AddRange(["--cert-file", pki.NodeCertPath, "--key-file", pki.NodeKeyPath, "--trusted-ca-file", pki.CaCertPath, "--client-cert-auth"]);
        }
        var psi = new ProcessStartInfo("etcd")
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        foreach (var a in new[]
                 {
                     "--name", "test", "--data-dir", dir.Combine("data"),
                     "--listen-client-urls", url, "--advertise-client-urls", url,
                     "--listen-peer-urls", $"http://127.0.0.1:{peerPort}", "--initial-advertise-peer-urls", $"http://127.0.0.1:{peerPort}",
                     "--initial-cluster", $"test=http://127.0.0.1:{peerPort}",
                 }.Concat(tlsArgs))
            psi.ArgumentList.Add(a);
        var process = Process.Start(psi)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var etcd = new EtcdProcess(process, dir, options, new Uri($"http://127.0.0.1:{peerPort}"));
        using var client = new EtcdClient(options with { Timeout = TimeSpan.FromSeconds(2) });
        for (var i = 0; i < 100; i++)
        {
            if (process.HasExited) break;
            if (await client.IsHealthyAsync()) return etcd;
            await Task.Delay(100);
        }
        await etcd.DisposeAsync();
        throw new InvalidOperationException("etcd did not become healthy within 10 s");
    }

    public async ValueTask DisposeAsync()
    {
        try { _process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
        await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10)).ContinueWith(_ => { });
        _process.Dispose();
        _dir.Dispose();
    }
}

// Sequential puts and gets through the gRPC store and through the JSON gateway client, against one etcd on loopback
// serving clients as a node's does (TLS, client certificate required). Each client runs twice, in alternating order,
// and its faster run counts, so that warm-up and other load on the machine favour neither.
using System.Diagnostics;
using Gravity.Cluster.Certificates;
using Gravity.Cluster.Etcd;

var count = args.Length > 0 ? int.Parse(args[0]) : 1000;
var etcdBinary = Environment.GetEnvironmentVariable("ETCD") ?? "etcd";
var work = Directory.CreateTempSubdirectory("gravity-bench-etcd");
Process? etcd = null;
try
{
    var pki = new ClusterPki(work.FullName);
    await pki.EnsureCertificateAuthorityAsync("bench");
    await pki.EnsureNodeCertificateAsync("bench", "127.0.0.1");
    var (clientPort, peerPort) = (FreePort(), FreePort());
    var url = $"https://127.0.0.1:{clientPort}";
    var psi = new ProcessStartInfo(etcdBinary) { RedirectStandardOutput = true, RedirectStandardError = true };
    foreach (var a in new[]
             {
                 "--name", "bench", "--data-dir", Path.Combine(work.FullName, "data"),
                 "--listen-client-urls", url, "--advertise-client-urls", url,
                 "--listen-peer-urls", $"http://127.0.0.1:{peerPort}", "--initial-advertise-peer-urls", $"http://127.0.0.1:{peerPort}",
                 "--initial-cluster", $"bench=http://127.0.0.1:{peerPort}",
                 "--cert-file", pki.NodeCertPath, "--key-file", pki.NodeKeyPath, "--trusted-ca-file", pki.CaCertPath, "--client-cert-auth",
             })
        psi.ArgumentList.Add(a);
    etcd = Process.Start(psi)!;
    etcd.OutputDataReceived += (_, _) => { };
    etcd.ErrorDataReceived += (_, _) => { };
    etcd.BeginOutputReadLine();
    etcd.BeginErrorReadLine();
    var options = EtcdClientOptions.Tls(new Uri(url), pki.NodeTls);

    using var gateway = new EtcdClient(options);
    using var grpc = new EtcdGrpcClient(options);
    var healthy = false;
    for (var i = 0; i < 100 && !healthy && !etcd.HasExited; i++)
        if (!(healthy = await gateway.IsHealthyAsync())) await Task.Delay(100);
    if (!healthy) throw new InvalidOperationException($"{etcdBinary} did not become healthy");

    var value = new string('v', 256);
    var runs = new Dictionary<string, (double Put, double Get)>();
    void Best(string name, (double Put, double Get) run) =>
        runs[name] = runs.TryGetValue(name, out var r) ? (Math.Min(r.Put, run.Put), Math.Min(r.Get, run.Get)) : run;
    async Task<(double, double)> Run(Func<string, Task> put, Func<string, Task> get)
    {
        var sw = Stopwatch.StartNew();
        for (var i = 0; i < count; i++) await put($"/bench/{i:D5}");
        var puts = sw.Elapsed.TotalSeconds;
        sw.Restart();
        for (var i = 0; i < count; i++) await get($"/bench/{i:D5}");
        return (puts, sw.Elapsed.TotalSeconds);
    }
    Task<(double, double)> Grpc() => Run(k => grpc.PutAsync(k, value), k => grpc.GetAsync(k));
    Task<(double, double)> Gateway() => Run(k => gateway.PutAsync(k, value), k => gateway.GetAsync(k));

    await Grpc(); // warm-up: JIT, connections, etcd's first writes
    await Gateway();
    Best("grpc", await Grpc());
    Best("gateway", await Gateway());
    Best("gateway", await Gateway());
    Best("grpc", await Grpc());

    Console.WriteLine($"etcd benchmark: {count} sequential puts, then {count} gets (256-byte values), TLS with client certificate, loopback");
    Console.WriteLine($"{"",-10} {"put s",8} {"put/s",8} {"get s",8} {"get/s",8}");
    foreach (var (name, (put, get)) in runs)
        Console.WriteLine($"{name,-10} {put,8:F3} {count / put,8:F0} {get,8:F3} {count / get,8:F0}");
    Console.WriteLine($"put: grpc speed / gateway speed = {runs["gateway"].Put / runs["grpc"].Put:F2}x");
    Console.WriteLine($"get: grpc speed / gateway speed = {runs["gateway"].Get / runs["grpc"].Get:F2}x");
}
finally
{
    if (etcd is not null)
    {
        try { etcd.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
        await etcd.WaitForExitAsync();
    }
    work.Delete(recursive: true);
}

static int FreePort()
{
    using var l = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
    l.Start();
    return ((System.Net.IPEndPoint)l.LocalEndpoint).Port;
}

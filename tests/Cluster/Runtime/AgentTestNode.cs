using System.Net;
using Gravity.Cluster.Certificates;
using Gravity.Cluster.Nodes;
using Gravity.Cluster.Runtime;
using Gravity.Health.Monitoring;
using Gravity.Testing;

namespace Gravity.Cluster.Tests.Runtime;

/// <summary>A node agent configuration on loopback with free ports and a temporary state folder (real etcd, registry, containerd).</summary>
public sealed class AgentTestNode : IDisposable
{
    public AgentTestNode()
    {
        // containerd's socket path must stay short (108 bytes), so no deep temporary folders.
        Dir = new TempDir("h8");
        Config = new NodeAgentConfig
        {
            Node = new NodeSettings
            {
                StateDir = Dir.Path,
                ClusterName = "test-cluster",
                NodeName = "node-1",
                AdvertiseAddr = "127.0.0.1",
                Role = "master",
                EtcdClientPort = FreePort.Next(),
                EtcdPeerPort = FreePort.Next(),
                RegistryPort = FreePort.Next(),
                HealthPort = FreePort.Next(),
                GravityBinary = ProgramUnderTest.Gravity.FileName,
                GravityArgs = ProgramUnderTest.Gravity.LeadingArgs,
                ListenAddress = "127.0.0.1",
            },
            ProbeIntervalSeconds = 0.5,
            StartupGraceSeconds = 30,
        };
        Layout = new StateFolder(Dir.Path);
    }

    public TempDir Dir { get; }
    public NodeAgentConfig Config { get; }
    public StateFolder Layout { get; }

    public async Task<(HttpStatusCode Status, HealthReport? Report)> GetHealthAsync()
    {
        var pki = new ClusterPki(Dir.Path);
        if (!File.Exists(pki.CaCertPath)) return (0, null);
        using var http = ClusterTrust.CreateClient(pki.CaCertPath, TimeSpan.FromSeconds(5));
        try
        {
            using var response = await http.GetAsync(Config.Node.HealthUrl);
            return (response.StatusCode, HealthReport.Parse(await response.Content.ReadAsStringAsync()));
        }
        catch (HttpRequestException) { return (0, null); }
        catch (TaskCanceledException) { return (0, null); }
    }

    public async Task<HealthReport> WaitForStatusAsync(HttpStatusCode wanted, TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        (HttpStatusCode Status, HealthReport? Report) last = default;
        while (DateTime.UtcNow < deadline)
        {
            last = await GetHealthAsync();
            if (last.Status == wanted && last.Report is not null) return last.Report;
            await Task.Delay(100);
        }
        throw new TimeoutException($"health endpoint never answered {(int)wanted}; last: {(int)last.Status} {last.Report?.ToJson()}\nlogs: {Logs()}");
    }

    public string Logs()
        => Directory.Exists(Layout.Logs)
            ? string.Join("\n", Directory.EnumerateFiles(Layout.Logs).Select(f => $"== {f}\n{string.Join('\n', File.ReadLines(f).TakeLast(15))}"))
            : "(none)";

    public void Dispose() => Dir.Dispose();
}

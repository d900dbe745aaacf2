using Gravity.Agent.Server;
using Gravity.Cluster.Certificates;
using Gravity.Cluster.Etcd;
using Gravity.Cluster.Runtime;
using Gravity.Cluster.Runtime.Leadership;
using Gravity.Cluster.State;
using Gravity.Cluster.Tests.Certificates;
using Gravity.Cluster.Tests.Etcd;

namespace Gravity.Cluster.Tests.Runtime;

/// <summary>
/// Real agents of one cluster on loopback: one CA, each node's record in one test etcd that every agent uses as its
/// cluster store (each still runs its own etcd and registry), agents started and stopped one by one.
/// </summary>
public sealed class SharedEtcdAgents : IAsyncDisposable
{
    private readonly Dictionary<string, (CancellationTokenSource Stop, Task Run)> _running = new();
    private readonly Dictionary<string, ClusterAgentOptions> _options = new();

    private SharedEtcdAgents(EtcdProcess etcd, IReadOnlyList<(AgentTestNode Node, NodeAgentConfig Config)> nodes)
    {
        Etcd = etcd;
        Nodes = nodes;
    }

    public EtcdProcess Etcd { get; }
    public IReadOnlyList<(AgentTestNode Node, NodeAgentConfig Config)> Nodes { get; }

    public static async Task<SharedEtcdAgents> StartAsync(params (string Name, bool Master)[] nodes)
    {
        var built = new List<(AgentTestNode, NodeAgentConfig)>();
        foreach (var (name, _) in nodes)
        {
            var test = new AgentTestNode();
            built.Add((test, test.Config with { Node = test.Config.Node with { NodeName = name }, RunContainerd = false }));
        }
        var first = new ClusterPki(built[0].Item2.Node.StateDir);
        await first.EnsureCertificateAuthorityAsync("test-cluster");
        foreach (var (_, config) in built.Skip(1)) SharedCertificateAuthority.CopyTo(first.SecretsDir, new ClusterPki(config.Node.StateDir));
        var etcd = await EtcdProcess.StartAsync(tls: true, clusterCa: first.SecretsDir);
        var agents = new SharedEtcdAgents(etcd, built);
        using var client = etcd.Client();
        var state = new ClusterStateStore(client);
        for (var i = 0; i < nodes.Length; i++)
        {
            var n = built[i].Item2.Node;
            await state.PutNodeAsync(new ClusterNode(n.NodeName, n.AdvertiseAddr, n.Role, DateTimeOffset.UtcNow, "healthy",
                Master: nodes[i].Master, HealthPort: n.HealthPort, RegistryPort: n.RegistryPort));
        }
        return agents;
    }

    public AgentTestNode Test(string name) => Nodes.Single(n => n.Config.Node.NodeName == name).Node;

    /// <summary>The agent's cluster options: etcd above, with the node's own client certificate; a short lease so a lost leader is replaced quickly.</summary>
    public ClusterAgentOptions Options(string name) => _options.TryGetValue(name, out var o) ? o : new ClusterAgentOptions
    {
        Store = node => new EtcdGrpcClient(EtcdClientOptions.Tls(Etcd.Endpoint, new ClusterPki(node.StateDir).NodeTls) with { Timeout = TimeSpan.FromSeconds(5) }),
        Election = new LeaderElectionOptions { LeaseTtl = TimeSpan.FromSeconds(3), RetryDelay = TimeSpan.FromMilliseconds(200), Resync = TimeSpan.FromSeconds(1) },
        HistoryResync = TimeSpan.FromSeconds(2),
    };

    public void Configure(string name, ClusterAgentOptions options) => _options[name] = options;

    public void Start(string name, SupervisorOptions? supervisor = null)
    {
        var config = Nodes.Single(n => n.Config.Node.NodeName == name).Config;
        var stop = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        var options = Options(name);
        _running[name] = (stop, Task.Run(() => NodeAgent.RunAsync(config, new AgentApiServer(), stop.Token, supervisor, options)));
    }

    public async Task StopAsync(string name)
    {
        if (!_running.Remove(name, out var agent)) return;
        await agent.Stop.CancelAsync();
        try { await agent.Run; } catch (OperationCanceledException) { }
        agent.Stop.Dispose();
    }

    public async Task<LeaderRecord?> LeaderAsync()
    {
        using var client = Etcd.Client();
        return await new LeaderReader(client).GetAsync();
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var name in _running.Keys.ToList()) await StopAsync(name);
        await Etcd.DisposeAsync();
        foreach (var (node, _) in Nodes) node.Dispose();
    }
}

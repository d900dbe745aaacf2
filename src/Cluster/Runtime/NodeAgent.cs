using Gravity.Cluster.Certificates;
using Gravity.Cluster.Nodes;
using Gravity.Cluster.Runtime.Services;
using Gravity.Health.History;
using Gravity.Health.Monitoring;

namespace Gravity.Cluster.Runtime;

/// <summary>
/// The node agent (`gravity agent run`): supervises the runtime services (etcd, the cluster registry, containerd and,
/// when packaged, Kubernetes), probes them, records health transitions in the status history and serves the health
/// endpoint, until cancelled; then stops every service.
/// </summary>
public static class NodeAgent
{
    public static async Task RunAsync(NodeAgentConfig config, INodeApiServer? api, CancellationToken ct, SupervisorOptions? supervisorOptions = null,
        ClusterAgentOptions? clusterOptions = null)
    {
        var node = config.Node;
        var layout = node.Folder;
        await RuntimeFolders.CreateAsync(layout);
        PidFile.Write(layout.AgentPidFile, Environment.ProcessId);
        try
        {
            var pki = new ClusterPki(node.StateDir);
            // Only the first master creates the cluster CA; a joined node has the cluster's certificate (and, a regular
            // node, no CA key to issue one with: its certificate is renewed by joining again).
            await pki.EnsureCertificateAuthorityAsync(node.ClusterName, ct);
            if (pki.HasCertificateAuthority) await pki.EnsureNodeCertificateAsync(node.NodeName, node.AdvertiseAddr, ct: ct);
            // A master serves the registry itself until the election names the leader; a regular node has none to point at.
            if (node.ManageEtcHosts && node.Master) await EtcHosts.EnsureAsync("/etc/hosts", node.AdvertiseAddr, ClusterPki.LeaderName);

            var services = await DefineServicesAsync(config, layout, pki);
            var history = new HistoryStore(node.StateDir);
            await using var supervisor = new ServiceSupervisor(services, layout, supervisorOptions);
            await supervisor.StartAsync();
            // Stepped down (disposed) before the supervisor stops etcd, so a leader's revoke still reaches it.
            await using var membership = ClusterMembership.Start(config, pki, history, clusterOptions ?? new ClusterAgentOptions(), ct);

            // The probes reach etcd and the registry like every root-side client: TLS with the node's client certificate.
            using var http = ClusterTrust.CreateClient(pki.NodeTls, TimeSpan.FromSeconds(5));
            // Kubernetes components are asked anonymously (their /healthz is public), trusting the cluster CA.
            using var anonymous = ClusterTrust.CreateClient(pki.CaCertPath, TimeSpan.FromSeconds(5));
            var probes = RuntimeProbes.Create(config, layout, http, services.Select(s => s.Name).ToHashSet(StringComparer.Ordinal), anonymous);
            // The application's status hook, run by the leader (its lines go to the agent's log).
            var status = Operations.Hooks.ApplicationStatusProbe.For(node, TimeProvider.System, () => membership.Election.IsLeader, Console.WriteLine, ct);
            var monitor = new HealthMonitor(new NodeIdentity(node.NodeName, node.AdvertiseAddr, node.Role), [.. probes, .. membership.Probes, .. status], history,
                startupGrace: TimeSpan.FromSeconds(config.StartupGraceSeconds), peers: () => membership.Peers, clock: membership.Clock);
            IAsyncDisposable? server = api is null ? null
                : await api.StartAsync(new NodeApiContext(config, layout, pki, monitor, supervisor) { Clock = membership.Clock }, ct);
            try
            {
                await monitor.RunAsync(TimeSpan.FromSeconds(config.ProbeIntervalSeconds), ct);
            }
            finally
            {
                if (server is not null) await server.DisposeAsync();
            }
        }
        finally
        {
            if (PidFile.Read(layout.AgentPidFile) == Environment.ProcessId) File.Delete(layout.AgentPidFile);
        }
    }

    public static async Task<IReadOnlyList<ServiceDefinition>> DefineServicesAsync(NodeAgentConfig config, StateFolder layout, ClusterPki pki)
    {
        var binaries = new BinaryResolver(layout);
        var asServiceUser = config.RunServicesAsServiceUser && Environment.IsPrivilegedProcess;
        // secrets/ stays root's alone (0700): the service user's services read copies of their own, root-side clients
        // (probes, installer, containerd) the originals.
        var node = config.Node;
        var serviceTls = asServiceUser ? (await ServiceCredentials.CopyAsync(node, pki, layout)).NodeTls : pki.NodeTls;
        var etcd = EtcdService.Define(node, layout, serviceTls, binaries);
        var registry = RegistryService.Define(node, layout, serviceTls);
        if (asServiceUser)
        {
            var setpriv = binaries.Require("setpriv");
            await ServiceUserFiles.GiveAsync(node, layout.ServiceUserFolders);
            etcd = etcd.AsUser(setpriv, node.ServiceUid, node.ServiceGid);
            registry = registry.AsUser(setpriv, node.ServiceUid, node.ServiceGid) with
            {
                Environment = new Dictionary<string, string> { ["HOME"] = layout.ServiceHome, ["DOTNET_BUNDLE_EXTRACT_BASE_DIR"] = layout.ServiceHome },
            };
        }
        // Only masters keep a copy of the cluster registry; a regular node's containerd pulls from a master's.
        var services = new List<ServiceDefinition> { etcd };
        if (node.Master) services.Add(registry);
        if (config.RunContainerd) services.Add(await ContainerdService.DefineAsync(node, layout, pki.NodeTls, binaries));
        services.AddRange(await KubernetesServices.DefineAsync(node, layout, pki));
        return services;
    }
}

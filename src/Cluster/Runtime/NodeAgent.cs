using Gravity.Cluster.Certificates;
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
    public static async Task RunAsync(NodeAgentConfig config, INodeApiServer? api, CancellationToken ct, SupervisorOptions? supervisorOptions = null)
    {
        var layout = new RuntimeLayout(config.StateDir);
        await layout.CreateFoldersAsync();
        PidFile.Write(layout.AgentPidFile, Environment.ProcessId);
        try
        {
            var pki = new ClusterPki(config.StateDir);
            await pki.EnsureCertificateAuthorityAsync(config.ClusterName, ct);
            await pki.EnsureNodeCertificateAsync(config.NodeName, config.AdvertiseAddr, ct: ct);
            if (config.ManageEtcHosts) await EtcHosts.EnsureAsync("/etc/hosts", config.AdvertiseAddr, config.RegistryName);

            var services = await DefineServicesAsync(config, layout, pki);
            var history = new HistoryStore(config.StateDir);
            await using var supervisor = new ServiceSupervisor(services, layout, supervisorOptions);
            await supervisor.StartAsync();
            await history.RecordAsync(new ClusterEvent(DateTimeOffset.UtcNow, ClusterEventType.LeaderElected, config.NodeName), ct);

            // The probes reach etcd and the registry like every root-side client: TLS with the node's client certificate.
            using var http = ClusterTrust.CreateClient(pki.NodeTls, TimeSpan.FromSeconds(5));
            var probes = RuntimeProbes.Create(config, layout, http, services.Any(s => s.Name == "kube-apiserver"));
            var monitor = new HealthMonitor(new NodeIdentity(config.NodeName, config.AdvertiseAddr, config.Role), probes, history,
                startupGrace: TimeSpan.FromSeconds(config.StartupGraceSeconds));
            IAsyncDisposable? server = api is null ? null : await api.StartAsync(new NodeApiContext(config, layout, pki, monitor, supervisor), ct);
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

    public static async Task<IReadOnlyList<ServiceDefinition>> DefineServicesAsync(NodeAgentConfig config, RuntimeLayout layout, ClusterPki pki)
    {
        var binaries = new BinaryResolver(layout);
        var asServiceUser = config.RunServicesAsServiceUser && Environment.IsPrivilegedProcess;
        // secrets/ stays root's alone (0700): the service user's services read copies of their own, root-side clients
        // (probes, installer, containerd) the originals.
        var serviceTls = asServiceUser ? (await ServiceCredentials.CopyAsync(config, pki, layout)).NodeTls : pki.NodeTls;
        var etcd = EtcdService.Define(config, layout, serviceTls, binaries);
        var registry = RegistryService.Define(config, layout, serviceTls);
        if (asServiceUser)
        {
            var setpriv = binaries.Require("setpriv");
            await ServiceUserFiles.GiveAsync(config, [layout.EtcdData, layout.RegistryData, layout.ServiceHome]);
            etcd = etcd.AsUser(setpriv, config.ServiceUid, config.ServiceGid);
            registry = registry.AsUser(setpriv, config.ServiceUid, config.ServiceGid) with
            {
                Environment = new Dictionary<string, string> { ["HOME"] = layout.ServiceHome, ["DOTNET_BUNDLE_EXTRACT_BASE_DIR"] = layout.ServiceHome },
            };
        }
        var services = new List<ServiceDefinition> { etcd, registry };
        if (config.RunContainerd) services.Add(await ContainerdService.DefineAsync(config, layout, pki.NodeTls, binaries));
        services.AddRange(KubernetesServices.Define(config, layout, pki));
        return services;
    }
}

using Gravity.Cluster.Certificates;
using Gravity.Cluster.Runtime;
using Gravity.Health.Monitoring;
using Gravity.Oci.Registry;
using Gravity.Preflight;

namespace Gravity.Cluster.Operations;

/// <summary>The node runtime: preflight checks, the cluster PKI and the node agent (etcd, cluster registry, containerd).</summary>
public sealed class NodeRuntime : INodeRuntime
{
    public async Task<IReadOnlyList<string>> RunPreflightAsync(InstallConfig config, Manifest.NodeProfile profile, StateSpaceRequirement stateSpace, CancellationToken ct)
    {
        var options = new PreflightOptions
        {
            StateDir = config.StateDir,
            StateSpace = stateSpace,
            Skip = new HashSet<string>(config.SkippedChecks, StringComparer.OrdinalIgnoreCase),
            ExtraPorts = [("tcp", config.EtcdClientPort), ("tcp", config.EtcdPeerPort), ("tcp", config.RegistryPort), ("tcp", config.HealthPort)],
        };
        var report = await PreflightRunner.RunAsync(profile, options, ct);
        return report.Failures.Select(f => $"{f.Name}: {f.Message}").ToList();
    }

    public async Task EnsureCertificatesAsync(InstallConfig config, CancellationToken ct)
    {
        var pki = new ClusterPki(config.StateDir);
        await pki.EnsureCertificateAuthorityAsync(config.ClusterName, ct);
        await pki.EnsureNodeCertificateAsync(config.NodeName, config.AdvertiseAddr, ct: ct);
    }

    public IReadOnlyList<string> RootFolders(InstallConfig config) => new RuntimeLayout(config.StateDir).RootFolders;

    public IReadOnlyList<string> ServiceUserFolders(InstallConfig config) => new RuntimeLayout(config.StateDir).ServiceUserFolders;

    public IReadOnlyList<string> CreatedEntries(string stateDir) => new RuntimeLayout(stateDir).CreatedEntries;

    public Task StartAgentAsync(InstallConfig config, CancellationToken ct) => AgentLauncher.StartDetachedAsync(AgentConfig(config), ct);

    public async Task WaitHealthyAsync(InstallConfig config, TimeSpan timeout, CancellationToken ct) =>
        await AgentLauncher.WaitHealthyAsync(config.StateDir, timeout, ct);

    // AgentLauncher.StopAsync expects the state folder to exist; a rollback or leave may run after it is gone.
    public Task StopAgentAsync(InstallConfig config, CancellationToken ct) =>
        Directory.Exists(config.StateDir) ? AgentLauncher.StopAsync(config.StateDir, ct: ct) : Task.CompletedTask;

    public Task RemoveHostChangesAsync(InstallConfig config, CancellationToken ct) =>
        config.ManageEtcHosts ? EtcHosts.RemoveAsync("/etc/hosts", ClusterPki.LeaderName) : Task.CompletedTask;

    // The cluster registry serves TLS with the node certificate and lets only the cluster's credentials write.
    public RegistryClientOptions ClusterRegistryOptions(InstallConfig config)
    {
        var node = new ClusterPki(config.StateDir).NodeTls;
        return new() { CaCertificatePath = node.CaPath, ClientCertificatePath = node.CertPath, ClientKeyPath = node.KeyPath };
    }

    public async Task<NodeHealthSummary?> GetHealthAsync(InstallConfig config, CancellationToken ct)
    {
        if (!File.Exists(NodeAgentConfig.ConfigPathOf(config.StateDir))) return null;
        var report = await AgentLauncher.GetHealthAsync(config.StateDir, ct);
        if (report is null) return null;
        var failed = report.Nodes.SelectMany(n => n.Probes)
            .Where(p => p.Status != ProbeReport.Running)
            .Select(p => p.Error is null ? p.Checker : $"{p.Checker}: {p.Error}")
            .ToList();
        return new NodeHealthSummary(report.Status, failed);
    }

    public static NodeAgentConfig AgentConfig(InstallConfig c) => new()
    {
        StateDir = c.StateDir,
        ClusterName = c.ClusterName,
        NodeName = c.NodeName,
        AdvertiseAddr = c.AdvertiseAddr,
        EtcdClientPort = c.EtcdClientPort,
        EtcdPeerPort = c.EtcdPeerPort,
        RegistryPort = c.RegistryPort,
        HealthPort = c.HealthPort,
        ServiceUid = c.ServiceUid,
        ServiceGid = c.ServiceGid,
        GravityBinary = c.AgentBinary,
        GravityArgs = c.GravityArgs,
        ListenAddress = c.ListenAddress,
        ManageEtcHosts = c.ManageEtcHosts,
        // etcd and the registry own their data as the service user; containerd needs root.
        RunServicesAsServiceUser = true,
    };
}

using Gravity.Cluster.Certificates;
using Gravity.Cluster.Nodes;
using Gravity.Cluster.Runtime;
using Gravity.Health.Monitoring;
using Gravity.Oci.Registry;
using Gravity.Preflight;
using Gravity.Cluster.Operations.Install;

namespace Gravity.Cluster.Operations;

/// <summary>The node runtime: preflight checks, the cluster PKI and the node agent (etcd, cluster registry, containerd).</summary>
public sealed class NodeRuntime : INodeRuntime
{
    public async Task<IReadOnlyList<string>> RunPreflightAsync(NodeSettings node, IReadOnlyList<string> skippedChecks, Manifest.NodeProfile profile, StateSpaceRequirement stateSpace, CancellationToken ct)
    {
        var options = new PreflightOptions
        {
            StateDir = node.StateDir,
            StateSpace = stateSpace,
            Skip = new HashSet<string>(skippedChecks, StringComparer.OrdinalIgnoreCase),
            ExtraPorts = [("tcp", node.EtcdClientPort), ("tcp", node.EtcdPeerPort), ("tcp", node.RegistryPort), ("tcp", node.HealthPort)],
        };
        var report = await PreflightRunner.RunAsync(profile, options, ct);
        return report.Failures.Select(f => $"{f.Name}: {f.Message}").ToList();
    }

    public async Task EnsureCertificatesAsync(NodeSettings node, CancellationToken ct)
    {
        var pki = new ClusterPki(node.StateDir);
        await pki.EnsureCertificateAuthorityAsync(node.ClusterName, ct);
        await pki.EnsureNodeCertificateAsync(node.NodeName, node.AdvertiseAddr, ct: ct);
    }

    public Task StartAgentAsync(NodeAgentConfig config, CancellationToken ct) => AgentLauncher.StartDetachedAsync(config, ct);

    public async Task WaitHealthyAsync(NodeSettings node, TimeSpan timeout, CancellationToken ct) =>
        await AgentLauncher.WaitHealthyAsync(node, timeout, ct);

    // AgentLauncher.StopAsync expects the state folder to exist; a rollback or leave may run after it is gone.
    public Task StopAgentAsync(NodeSettings node, CancellationToken ct) =>
        Directory.Exists(node.StateDir) ? AgentLauncher.StopAsync(node.StateDir, ct: ct) : Task.CompletedTask;

    public Task RemoveHostChangesAsync(NodeSettings node, CancellationToken ct) =>
        node.ManageEtcHosts ? EtcHosts.RemoveAsync("/etc/hosts", ClusterPki.LeaderName) : Task.CompletedTask;

    // The cluster registry serves TLS with the node certificate and lets only the cluster's credentials write.
    public RegistryClientOptions ClusterRegistryOptions(NodeSettings node)
    {
        var tls = new ClusterPki(node.StateDir).NodeTls;
        return new() { CaCertificatePath = tls.CaPath, ClientCertificatePath = tls.CertPath, ClientKeyPath = tls.KeyPath };
    }

    public async Task<NodeHealthSummary?> GetHealthAsync(NodeSettings node, CancellationToken ct)
    {
        var report = await AgentLauncher.GetHealthAsync(node, ct);
        if (report is null) return null;
        // The agent reports the whole cluster; this node's health is its own entry (its peers answer for themselves).
        var self = report.Nodes.FirstOrDefault(n => n.Name == node.NodeName);
        var nodes = report.Nodes.GroupBy(n => n.Name).ToDictionary(g => g.Key, g => g.First().Status);
        if (self is null) return new NodeHealthSummary(report.Status, []) { Nodes = nodes };
        var failed = self.Probes
            .Where(p => p.Status != ProbeReport.Running)
            .Select(p => p.Error is null ? p.Checker : $"{p.Checker}: {p.Error}")
            .ToList();
        return new NodeHealthSummary(self.Status, failed) { Nodes = nodes };
    }
}

using Gravity.Cluster.Certificates;
using Gravity.Cluster.Etcd;
using Gravity.Cluster.Nodes;
using Gravity.Cluster.Operations;
using Gravity.Cluster.State;
using Gravity.Core;

namespace Gravity.Cluster.Agents;

/// <summary>
/// `gravity agent deploy` and `gravity agent shutdown`: an update agent on every node of the cluster, started by each
/// node's agent with this gravity binary (the upgrade's: the manual upgrade is run with the binary of the new image),
/// and stopped again. Nodes are asked in parallel; one that cannot be reached fails the deploy naming it.
/// </summary>
public sealed class UpdateAgentDeployment(NodeSettings self, Func<IClusterStore> etcdFactory)
{
    private readonly UpdateAgentClient _client = new(new ClusterPki(self.StateDir).NodeTls);

    /// <param name="port">Where each update agent listens (<see cref="NodeDefaults.UpdateAgentPort"/>; 0: a free port each).</param>
    public async Task<IReadOnlyList<UpdateAgentDeployed>> DeployAsync(int port, Action<string>? log, CancellationToken ct)
    {
        var nodes = await NodesAsync(ct);
        var program = GravityProgram.Current();
        var binary = program.Standalone ? program.FileName : null;
        var deployed = await Task.WhenAll(nodes.Select(async n =>
        {
            var result = await _client.DeployAsync(n.Name, n.AgentUrl, port, binary, ct);
            log?.Invoke($"update agent deployed on node {n.Name} ({result.Url.Authority})");
            return result;
        }));
        return deployed;
    }

    /// <summary>Stops every node's update agent; a node that cannot be reached is reported, the others are still stopped, and its record removed.</summary>
    public async Task ShutdownAsync(Action<string>? log, CancellationToken ct)
    {
        var nodes = await NodesAsync(ct);
        var failures = new List<string>();
        await Task.WhenAll(nodes.Select(async n =>
        {
            try
            {
                await _client.StopAsync(n.Name, n.AgentUrl, ct);
                log?.Invoke($"update agent stopped on node {n.Name}");
            }
            catch (GravityException ex)
            {
                lock (failures) failures.Add(ex.Message);
            }
        }));
        using (var etcd = etcdFactory())
        {
            var records = new UpdateAgentRecords(etcd);
            foreach (var node in (await records.ListAsync(ct)).Keys) await records.RemoveAsync(node, ct);
        }
        if (failures.Count > 0) throw new GravityException($"some update agents could not be stopped:\n  {string.Join("\n  ", failures)}");
    }

    private async Task<IReadOnlyList<ClusterNode>> NodesAsync(CancellationToken ct)
    {
        try
        {
            using var etcd = etcdFactory();
            var nodes = await new ClusterStateStore(etcd).ListNodesAsync(ct);
            return nodes.Count > 0 ? nodes : throw new GravityException($"the cluster has no node records in etcd (node {self.NodeName})");
        }
        catch (EtcdException ex)
        {
            throw new GravityException($"cannot read the cluster's nodes from etcd: {ex.Message}", ex);
        }
    }
}

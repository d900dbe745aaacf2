using Gravity.Cluster.Etcd;
using Gravity.Cluster.Runtime;
using Gravity.Cluster.State;
using Gravity.Core;

namespace Gravity.Cluster.Operations.Expand.Discovery;

/// <summary>
/// What `gravity discovery publish` publishes, read on a node of the cluster: the cluster's name and join token from its
/// record in etcd, and this node's agent (https://ADDR:PORT) as the peer.
/// </summary>
public static class JoinDiscoveryRecordReader
{
    public static async Task<JoinDiscoveryRecord> ReadAsync(string stateDir, string? peer = null, CancellationToken ct = default)
    {
        var node = NodeAgentConfig.TryLoad(stateDir)?.Node ?? throw new GravityException(
            $"this machine is not a node of a cluster (no node record in {Path.GetFullPath(stateDir)}; is --state-dir right?)");
        ClusterInfo? cluster;
        string? token;
        using (var etcd = new EtcdGrpcClient(node.EtcdOptions() with { Timeout = TimeSpan.FromSeconds(10) }))
        {
            try
            {
                cluster = await new ClusterStateStore(etcd).GetClusterAsync(ct);
                token = await new JoinTokenStore(etcd, TimeProvider.System).PrimaryAsync(ct);
            }
            catch (EtcdException ex) { throw new GravityException($"cannot read the cluster's record from etcd: {ex.Message}"); }
        }
        if (cluster is null)
            throw new GravityException($"cluster {node.ClusterName} has no record in etcd yet (has its install completed?)");
        if (token is null)
            throw new GravityException($"cluster {node.ClusterName} has no active join token (all revoked or expired): add one with gravity resource create");
        return new JoinDiscoveryRecord(cluster.Name, peer ?? $"https://{node.AdvertiseAddr}:{node.HealthPort}", token);
    }
}

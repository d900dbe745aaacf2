using Gravity.Cluster.Etcd;
using Gravity.Cluster.Nodes;
using Gravity.Cluster.Runtime.Leadership;

namespace Gravity.Cluster.Runtime;

/// <summary>How the agent takes part in the cluster: which store it reaches, how it elects a leader and its clock.</summary>
public sealed record ClusterAgentOptions
{
    /// <summary>The cluster store for the node; null: the node's own etcd (TLS with its client certificate).</summary>
    public Func<NodeSettings, IClusterStore>? Store { get; init; }

    public LeaderElectionOptions Election { get; init; } = new();

    public IClusterStore CreateStore(NodeSettings node)
        => Store?.Invoke(node) ?? new EtcdGrpcClient(node.EtcdOptions() with { Timeout = TimeSpan.FromSeconds(5) });
}

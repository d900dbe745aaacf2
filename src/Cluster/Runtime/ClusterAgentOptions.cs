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

    /// <summary>The agent's clock: what it answers other nodes' time-drift probes and measures theirs with.</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;

    /// <summary>The longest the shared history is watched without being read again.</summary>
    public TimeSpan HistoryResync { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long one peer agent may take to answer a health or time request.</summary>
    public TimeSpan PeerTimeout { get; init; } = TimeSpan.FromSeconds(3);

    public IClusterStore CreateStore(NodeSettings node)
        => Store?.Invoke(node) ?? new EtcdGrpcClient(node.EtcdOptions() with { Timeout = TimeSpan.FromSeconds(5) });
}

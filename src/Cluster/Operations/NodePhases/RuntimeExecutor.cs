using Gravity.Cluster.Nodes;
using Gravity.Cluster.Plans;
using Gravity.Cluster.Runtime;

namespace Gravity.Cluster.Operations.NodePhases;

/// <summary>
/// /runtime (install), /system (join): starts the node agent, which starts and supervises etcd, the cluster registry
/// and containerd, from the node record <paramref name="record"/> gives (the join's /etcd phase adds to it).
/// </summary>
public sealed class RuntimeExecutor(NodeSettings node, INodeRuntime runtime, Func<NodeAgentConfig> record) : IPhaseExecutor
{
    public Task ExecuteAsync(PhaseContext context, CancellationToken ct) => runtime.StartAgentAsync(record(), ct);

    public Task RollbackAsync(PhaseContext context, CancellationToken ct) => runtime.StopAgentAsync(node, ct);
}

using Gravity.Cluster.Plans;
using Gravity.Cluster.Runtime;

namespace Gravity.Cluster.Operations.Install.Executors;

/// <summary>/runtime: starts the node agent, which starts and supervises etcd, the cluster registry and containerd.</summary>
public sealed class RuntimeExecutor(InstallPhaseContext install) : IPhaseExecutor
{
    public Task ExecuteAsync(PhaseContext context, CancellationToken ct) => install.Runtime.StartAgentAsync(NodeAgentConfig.Of(install.Config.Node), ct);

    public Task RollbackAsync(PhaseContext context, CancellationToken ct) => install.Runtime.StopAgentAsync(install.Config.Node, ct);
}

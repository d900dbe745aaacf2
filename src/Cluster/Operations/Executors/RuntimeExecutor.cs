using Gravity.Cluster.Plans;

namespace Gravity.Cluster.Operations.Executors;

/// <summary>/runtime: starts the node agent, which starts and supervises etcd, the cluster registry and containerd.</summary>
public sealed class RuntimeExecutor(InstallPhaseContext install) : IPhaseExecutor
{
    public Task ExecuteAsync(PhaseContext context, CancellationToken ct) => install.Runtime.StartAgentAsync(install.Config, ct);

    public Task RollbackAsync(PhaseContext context, CancellationToken ct) => install.Runtime.StopAgentAsync(install.Config, ct);
}

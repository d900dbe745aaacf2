using Gravity.Cluster.Operations.Kinds;
using Gravity.Cluster.Plans;
using Gravity.Cluster.State;

namespace Gravity.Cluster.Operations.Install;

/// <summary>The install of a cluster's first node: <see cref="InstallPlanBuilder"/> and <see cref="InstallExecutors"/> over the record's <see cref="InstallConfig"/>.</summary>
public sealed class InstallOperationKind : IOperationKind
{
    public string Type => OperationTypes.Install;

    public OperationPlan BuildPlan(OperationRecord operation) => InstallPlanBuilder.Build(operation.Id, InstallConfig.Deserialize(operation.Config));

    public PhaseExecutorRegistry CreateExecutors(OperationRecord operation, INodeRuntime runtime, UnpackedClusterImage? image = null)
        => InstallExecutors.Create(InstallConfig.Deserialize(operation.Config), runtime, image);
}

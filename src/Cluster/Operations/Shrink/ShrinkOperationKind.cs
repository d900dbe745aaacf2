using Gravity.Cluster.Operations.Kinds;
using Gravity.Cluster.Plans;
using Gravity.Cluster.State;

namespace Gravity.Cluster.Operations.Shrink;

/// <summary>The removal of a node from a cluster (`gravity leave`, `gravity remove`): <see cref="ShrinkPlanBuilder"/> and <see cref="ShrinkExecutors"/>.</summary>
public sealed class ShrinkOperationKind : IOperationKind
{
    public string Type => OperationTypes.Shrink;

    public OperationPlan BuildPlan(OperationRecord operation) => ShrinkPlanBuilder.Build(operation.Id, ShrinkConfig.Deserialize(operation.Config), operation.ClusterName);

    public PhaseExecutorRegistry CreateExecutors(OperationRecord operation, INodeRuntime runtime, UnpackedClusterImage? image = null)
        => ShrinkExecutors.Create(ShrinkConfig.Deserialize(operation.Config), runtime);
}

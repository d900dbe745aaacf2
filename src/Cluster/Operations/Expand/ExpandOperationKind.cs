using Gravity.Cluster.Operations.Kinds;
using Gravity.Cluster.Plans;
using Gravity.Cluster.State;

namespace Gravity.Cluster.Operations.Expand;

/// <summary>The join of a node to a cluster (an expand operation): <see cref="ExpandPlanBuilder"/> and <see cref="ExpandExecutors"/> over the record's <see cref="ExpandConfig"/>.</summary>
public sealed class ExpandOperationKind : IOperationKind
{
    public string Type => OperationTypes.Expand;

    public OperationPlan BuildPlan(OperationRecord operation) => ExpandPlanBuilder.Build(operation.Id, ExpandConfig.Deserialize(operation.Config));

    public PhaseExecutorRegistry CreateExecutors(OperationRecord operation, INodeRuntime runtime, UnpackedClusterImage? image = null)
        => ExpandExecutors.Create(ExpandConfig.Deserialize(operation.Config), runtime);
}

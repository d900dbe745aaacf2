using Gravity.Cluster.Operations.Kinds;
using Gravity.Cluster.Plans;
using Gravity.Cluster.State;

namespace Gravity.Cluster.Operations.Upgrade;

/// <summary>The move of a cluster to an uploaded version of its application (`gravity upgrade`): <see cref="UpgradePlanBuilder"/> and <see cref="UpgradeExecutors"/>.</summary>
public sealed class UpgradeOperationKind : IOperationKind
{
    public string Type => OperationTypes.Upgrade;

    /// <summary>system-upgrade restarts a node's agent: other nodes' phases go to their update agents (`gravity agent deploy`).</summary>
    public bool RunsOnUpdateAgents => true;

    public OperationPlan BuildPlan(OperationRecord operation) => UpgradePlanBuilder.Build(operation.Id, UpgradeConfig.Deserialize(operation.Config), operation.ClusterName);

    public PhaseExecutorRegistry CreateExecutors(OperationRecord operation, INodeRuntime runtime, UnpackedClusterImage? image = null)
        => UpgradeExecutors.Create(UpgradeConfig.Deserialize(operation.Config), runtime);
}

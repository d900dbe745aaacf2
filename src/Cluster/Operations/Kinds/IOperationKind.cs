using Gravity.Cluster.Plans;
using Gravity.Cluster.State;

namespace Gravity.Cluster.Operations.Kinds;

/// <summary>
/// One kind of operation (install; later expand, shrink, upgrade, gc): how its plan is built from the operation's
/// record and which executors run its phases. Both come from the record alone (its <see cref="OperationRecord.Config"/>
/// JSON), so that any gravity process, after a crash or on another node, can rebuild the same plan and run it.
/// </summary>
public interface IOperationKind
{
    /// <summary>The <see cref="OperationRecord.Type"/> of operations of this kind ("install").</summary>
    string Type { get; }

    OperationPlan BuildPlan(OperationRecord operation);

    /// <summary>
    /// Whether the phases of other nodes run through their update agents (`gravity agent deploy`) instead of their
    /// node agents: an upgrade restarts the node agents, which cannot run what restarts them.
    /// </summary>
    bool RunsOnUpdateAgents => false;

    /// <param name="image">The cluster image when the caller has it open and verified already, else opened when a phase needs it.</param>
    PhaseExecutorRegistry CreateExecutors(OperationRecord operation, INodeRuntime runtime, UnpackedClusterImage? image = null);
}

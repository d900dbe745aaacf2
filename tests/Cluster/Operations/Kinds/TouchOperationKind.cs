using Gravity.Cluster.Operations;
using Gravity.Cluster.Operations.Kinds;
using Gravity.Cluster.Plans;
using Gravity.Cluster.State;
using Gravity.Core;

namespace Gravity.Cluster.Tests.Operations.Kinds;

/// <summary>A kind whose one phase writes the operation id into the file its record's config names.</summary>
internal sealed class TouchOperationKind : IOperationKind
{
    public const string TypeName = "touch";
    public string Type => TypeName;

    public OperationPlan BuildPlan(OperationRecord operation) => new()
    {
        OperationId = operation.Id, OperationType = TypeName, ClusterName = operation.ClusterName, Created = operation.Created,
        GravityVersion = GravityVersion.Current,
        Phases = [new Phase { Id = "/touch", Description = "Write the marker", Executor = "touch", Data = new Dictionary<string, string> { ["file"] = operation.Config } }],
    };

    public PhaseExecutorRegistry CreateExecutors(OperationRecord operation, INodeRuntime runtime, UnpackedClusterImage? image = null)
        => new PhaseExecutorRegistry().Register("touch", new TouchExecutor());
}

internal sealed class TouchExecutor : IPhaseExecutor
{
    public Task ExecuteAsync(PhaseContext context, CancellationToken ct) => File.WriteAllTextAsync(context.Phase.Data["file"], context.Plan.OperationId, ct);
    public Task RollbackAsync(PhaseContext context, CancellationToken ct) { File.Delete(context.Phase.Data["file"]); return Task.CompletedTask; }
}

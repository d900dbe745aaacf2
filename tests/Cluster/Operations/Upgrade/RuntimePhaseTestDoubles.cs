using Gravity.Cluster.Operations;
using Gravity.Cluster.Operations.Kinds;
using Gravity.Cluster.Operations.Upgrade;
using Gravity.Cluster.Plans;
using Gravity.Cluster.State;

namespace Gravity.Cluster.Tests.Operations.Upgrade;

/// <summary>
/// TEST DOUBLES for the runtime's node-level upgrade phases (upgrade-bootstrap, upgrade-system, upgrade-gc), whose
/// real executors come with the runtime's upgrade code: they only record that they ran, so that a whole plan can run.
/// </summary>
internal sealed class RuntimePhaseTestDoubles : IPhaseExecutor
{
    private readonly Lock _gate = new();
    public List<string> Executed { get; } = [];

    public Task ExecuteAsync(PhaseContext context, CancellationToken ct)
    {
        lock (_gate) Executed.Add(context.Phase.Id);
        return Task.CompletedTask;
    }

    public Task RollbackAsync(PhaseContext context, CancellationToken ct) => Task.CompletedTask;
}

/// <summary>The upgrade kind with <see cref="RuntimePhaseTestDoubles"/> registered for the runtime's phases (tests only).</summary>
internal sealed class UpgradeKindWithRuntimeTestDoubles(RuntimePhaseTestDoubles doubles) : IOperationKind
{
    private readonly UpgradeOperationKind _real = new();

    public string Type => _real.Type;

    public OperationPlan BuildPlan(OperationRecord operation) => _real.BuildPlan(operation);

    public PhaseExecutorRegistry CreateExecutors(OperationRecord operation, INodeRuntime runtime, UnpackedClusterImage? image = null)
        => _real.CreateExecutors(operation, runtime)
            .Register(UpgradePhases.BootstrapExecutor, doubles)
            .Register(UpgradePhases.SystemUpgradeExecutor, doubles)
            .Register(UpgradePhases.GcExecutor, doubles);
}

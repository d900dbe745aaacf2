using Gravity.Cluster.Plans;
using Gravity.Cluster.State;
using Gravity.Testing;

namespace Gravity.Cluster.Tests.Plans;

/// <summary>A plan stored in a real node-local SQLite database under a temporary state folder, with a recording executor.</summary>
internal sealed class EngineHarness : IDisposable
{
    private readonly TempDir _dir = new("plan-engine");

    private EngineHarness(OperationPlan plan)
    {
        Plan = plan;
        Store = new OperationStore(_dir.Path);
    }

    public OperationPlan Plan { get; }
    public OperationStore Store { get; }
    public RecordingExecutor Executor { get; } = new();
    public string StateDir => _dir.Path;

    public static async Task<EngineHarness> CreateAsync(OperationPlan plan)
    {
        var h = new EngineHarness(plan);
        var now = DateTimeOffset.UtcNow;
        await h.Store.CreateAsync(new OperationRecord(plan.OperationId, plan.OperationType, OperationState.InProgress, plan.ClusterName, now, now, null, "{}"), plan);
        return h;
    }

    /// <summary>A fresh engine each time, as a new `gravity plan ...` process would build it from the database.</summary>
    public PlanEngine Engine(PhasePlacement? placement = null, IProgress<PhaseEvent>? progress = null) =>
        new(Plan, Store.JournalFor(Plan.OperationId), new PhaseExecutorRegistry().Register("test", Executor), progress, placement: placement);

    public async Task<PhaseState> StateOf(string id) => (await Engine().GetStatusAsync()).StateOf(id);

    public void Dispose() => _dir.Dispose();
}

using Gravity.Cluster.Plans;
using Gravity.Cluster.State;
using Gravity.Core;

namespace Gravity.Cluster.Operations.Upgrade;

/// <summary>
/// `gravity rollback`: every leaf phase of the running upgrade that ran (completed, failed or left in progress) is
/// rolled back through the plan engine, last first, each where it runs (here, or on its node through its agent); then
/// the operation ends as failed ("rolled back"). Only upgrades, and only while they are in progress: a completed
/// operation has no way back (Gravity's rule), and the other kinds are rolled back phase by phase with `gravity plan rollback`.
/// </summary>
public sealed class OperationRollback
{
    public const string RolledBackReason = "rolled back by gravity rollback";

    private readonly OperationSession _session;
    private readonly string? _localNode;

    private OperationRollback(OperationSession session, string? localNode, IReadOnlyList<Phase> phases)
    {
        _session = session;
        _localNode = localNode;
        Phases = phases;
    }

    public OperationRecord Operation => _session.Operation;

    /// <summary>The leaves to roll back, in the order they are rolled back.</summary>
    public IReadOnlyList<Phase> Phases { get; }

    public static async Task<OperationRollback> OpenAsync(string stateDir, INodeRuntime runtime, CancellationToken ct = default)
    {
        var session = await OperationSession.OpenCurrentAsync(stateDir, runtime, ct: ct);
        var operation = session.Operation;
        if (operation.Type != OperationTypes.Upgrade)
            throw new GravityException($"gravity rollback rolls back upgrade operations only; operation {operation.Id} is a(n) {operation.Type}: " +
                                       "roll its phases back with gravity plan rollback --phase, last first");
        if (operation.State != OperationState.InProgress)
            throw new GravityException($"operation {operation.Id} ({operation.Type}) is {operation.State.ToString().ToLowerInvariant()}: " +
                                       "rolling back an operation that has ended is not supported");
        var status = await session.Engine.GetStatusAsync(ct);
        // gc removed what the rollbacks of the phases before it need (the previous runtime, the old version's folder).
        // A gc that failed may have removed them too: any gc that ran ends the way back.
        if (session.Plan.Leaves().FirstOrDefault(l => l.Id.StartsWith(UpgradePhases.Gc + "/", StringComparison.Ordinal) && status.StateOf(l.Id) != PhaseState.Unstarted) is { } collected)
            throw new GravityException($"phase {collected.Id} has run: it removes what the rollback of node {collected.Node} needs (its previous runtime and the old version's folder); " +
                                       "finish the upgrade instead (gravity plan resume)");
        var ran = session.Plan.Leaves().Where(l => status.StateOf(l.Id) is PhaseState.Completed or PhaseState.Failed or PhaseState.InProgress).Reverse().ToList();
        var localNode = Runtime.NodeAgentConfig.TryLoad(stateDir)?.Node.NodeName;
        return new OperationRollback(session, localNode, ran);
    }

    public bool IsLocal(Phase phase) => phase.Node is null || _localNode is null || phase.Node == _localNode;

    public string LineOf(Phase phase, bool dryRun) => RollbackText.Line(phase.Id, phase.Node, IsLocal(phase), dryRun);

    /// <summary>Rolls back <see cref="Phases"/> (a dry run only says what it would do), telling <paramref name="output"/> each phase before it goes.</summary>
    public async Task RunAsync(bool dryRun, Action<string> output, CancellationToken ct = default)
    {
        if (dryRun)
        {
            foreach (var phase in Phases) output(LineOf(phase, dryRun: true));
            return;
        }
        await _session.RunAsync(async engine =>
        {
            foreach (var phase in Phases)
            {
                output(LineOf(phase, dryRun: false));
                await engine.RollbackAsync(phase.Id, ct);
            }
            await engine.AbandonAsync(RolledBackReason, ct);
            return 0;
        });
        await Upgrader.ShutDownAgentsAsync(_session.Store.Database.StateDir, UpgradeConfig.Deserialize(Operation.Config), output, ct);
    }
}

using Gravity.Cluster.Plans;
using Gravity.Cluster.Runtime.Leadership;

namespace Gravity.Cluster.Operations.Upgrade.Executors;

/// <summary>
/// stepdown and elect, on the master itself, through <see cref="CandidacyPause"/>. stepdown (the first master of a
/// cluster with several) stops the node campaigning and ends its lead, so another master leads while it is updated;
/// elect lets the node lead again once it runs the new version. Each rollback undoes its step: stepdown's resumes the
/// candidacy; elect's pauses it again only where a stepdown had paused it.
/// </summary>
public sealed class LeaderElectionExecutor(UpgradePhaseContext upgrade, bool stepDown) : IPhaseExecutor
{
    public async Task ExecuteAsync(PhaseContext context, CancellationToken ct)
    {
        var node = upgrade.NodeOf(context);
        using var etcd = upgrade.EtcdFactory(node.EtcdOptions());
        var pause = new CandidacyPause(etcd);
        if (stepDown)
        {
            var led = await pause.StepDownAsync(node.NodeName, $"upgrade {context.Plan.OperationId}", ct);
            context.Log(led ? $"node {node.NodeName} stepped down as leader; it does not campaign until {ElectPhaseOf(context)}"
                            : $"node {node.NodeName} does not campaign for leadership until {ElectPhaseOf(context)}");
        }
        else
        {
            await pause.ResumeAsync(node.NodeName, ct);
            context.Log($"leader election enabled on node {node.NodeName}");
        }
    }

    public async Task RollbackAsync(PhaseContext context, CancellationToken ct)
    {
        var node = upgrade.NodeOf(context);
        using var etcd = upgrade.EtcdFactory(node.EtcdOptions());
        var pause = new CandidacyPause(etcd);
        if (stepDown)
        {
            await pause.ResumeAsync(node.NodeName, ct);
            context.Log($"leader election enabled again on node {node.NodeName}");
            return;
        }
        if (context.Plan.Find(StepdownPhaseOf(context)) is null) return; // this master campaigned before elect ran: nothing to undo
        await pause.PauseAsync(node.NodeName, $"upgrade {context.Plan.OperationId} (rolled back to its stepdown)", ct);
        context.Log($"node {node.NodeName} does not campaign again until its stepdown is rolled back");
    }

    private static string Sibling(PhaseContext context, string step) => context.Phase.Id[..(context.Phase.Id.LastIndexOf('/') + 1)] + step;
    private static string ElectPhaseOf(PhaseContext context) => Sibling(context, UpgradePhases.Elect);
    private static string StepdownPhaseOf(PhaseContext context) => Sibling(context, UpgradePhases.Stepdown);
}

using Gravity.Cluster.Operations.Kinds;
using Gravity.Cluster.Plans;
using Gravity.Cluster.State;
using Gravity.Core;

namespace Gravity.Cluster.Operations;

/// <summary>
/// The current operation of this node, ready to display or run: its record, plan and an engine with the executors of
/// its kind (<see cref="OperationKinds"/>). Running phases holds the node's operation lock, so two gravity processes never run phases at once.
/// </summary>
public sealed class OperationSession
{
    private OperationSession(OperationStore store, OperationRecord operation, PlanEngine engine)
    {
        Store = store;
        Operation = operation;
        Engine = engine;
    }

    public OperationStore Store { get; }
    public OperationRecord Operation { get; }
    public PlanEngine Engine { get; }
    public OperationPlan Plan => Engine.Plan;

    public static async Task<OperationSession> OpenCurrentAsync(string stateDir, INodeRuntime runtime, IProgress<PhaseEvent>? progress = null, CancellationToken ct = default,
        OperationKinds? kinds = null)
    {
        var store = new OperationStore(stateDir);
        if (!store.Database.Exists)
            throw new GravityException($"no operation on this node: {store.Database.Path_} does not exist (is --state-dir right?)");
        var operation = await store.GetCurrentAsync(ct)
            ?? throw new GravityException($"no operation on this node ({store.Database.Path_} is empty)");
        return await OpenAsync(store, operation, runtime, progress, ct, kinds: kinds);
    }

    public static async Task<OperationSession> OpenAsync(OperationStore store, OperationRecord operation, INodeRuntime runtime, IProgress<PhaseEvent>? progress = null,
        CancellationToken ct = default, UnpackedClusterImage? image = null, OperationKinds? kinds = null)
    {
        var kind = (kinds ?? OperationKinds.Default).Get(operation.Type, operation.Id);
        var plan = await store.GetPlanAsync(operation.Id, ct);
        var executors = kind.CreateExecutors(operation, runtime, image);
        var placement = await PlacementAsync(store.Database.StateDir, operation, plan, ct);
        return new OperationSession(store, operation, new PlanEngine(plan, Journal(store, operation, plan), executors, progress, placement: placement));
    }

    /// <summary>The operation's journal: this node's database, and etcd too once the node has a cluster record (see <see cref="ClusterOperationJournal"/>).</summary>
    private static IOperationJournal Journal(OperationStore store, OperationRecord operation, OperationPlan plan)
    {
        var local = store.JournalFor(operation.Id);
        var node = Runtime.NodeAgentConfig.TryLoad(store.Database.StateDir)?.Node;
        return node is null ? local
            : new ClusterOperationJournal(local, operation, plan, () => new Etcd.EtcdGrpcClient(node.EtcdOptions() with { Timeout = TimeSpan.FromSeconds(3) }));
    }

    /// <summary>
    /// Phases of other nodes run through their agents, found in the cluster's node records; a plan of this node alone
    /// (an install, a join) runs here without asking etcd anything.
    /// </summary>
    private static async Task<PhasePlacement> PlacementAsync(string stateDir, OperationRecord operation, OperationPlan plan, CancellationToken ct)
    {
        var node = Runtime.NodeAgentConfig.TryLoad(stateDir)?.Node;
        if (node is null || plan.Leaves().All(l => l.Node is null || l.Node == node.NodeName)) return PhasePlacement.Local;
        var agents = new Dictionary<string, Uri>(StringComparer.Ordinal);
        var updateAgents = Kinds.OperationKinds.Default.Get(operation.Type, operation.Id).RunsOnUpdateAgents;
        try
        {
            using var etcd = new Etcd.EtcdGrpcClient(node.EtcdOptions() with { Timeout = TimeSpan.FromSeconds(5) });
            if (updateAgents)
                foreach (var (name, agent) in await new Agents.UpdateAgentRecords(etcd).ListAsync(ct)) agents[name] = agent.Url;
            else
                foreach (var n in await new ClusterStateStore(etcd).ListNodesAsync(ct)) agents[n.Name] = n.AgentUrl;
        }
        catch (Etcd.EtcdException)
        {
            // Without the records no other node can be reached: their phases fail saying how to go on.
        }
        return new PhasePlacement(node.NodeName, new Agents.AgentPhaseClient(new Certificates.ClusterPki(stateDir).NodeTls, operation,
            name => agents.GetValueOrDefault(name), updateAgents ? "no update agent runs there (redeploy them with `gravity agent deploy`)" : null));
    }

    /// <summary>Runs <paramref name="action"/> holding the node's operation lock; refuses an operation that has ended.</summary>
    public async Task<T> RunAsync<T>(Func<PlanEngine, Task<T>> action, bool allowEnded = false)
    {
        if (!allowEnded && Operation.State != OperationState.InProgress)
            throw new GravityException($"operation {Operation.Id} ({Operation.Type}) has already ended: {Operation.State}{(Operation.Error is null ? "" : $" ({Operation.Error})")}");
        using var _ = OperationLock.Acquire(Store.Database.StateDir);
        var result = await action(Engine);
        if ((await Store.GetAsync(Operation.Id))?.State == OperationState.Completed)
            await Hooks.KeptHookJobs.DeleteAsync(new Nodes.StateFolder(Store.Database.StateDir), Operation.Id);
        return result;
    }

    public async Task<PlanView> ViewAsync(CancellationToken ct = default)
    {
        var status = await Engine.GetStatusAsync(ct);
        var current = await Store.GetAsync(Operation.Id, ct) ?? Operation;
        return PlanView.From(status, current.State.ToString());
    }
}

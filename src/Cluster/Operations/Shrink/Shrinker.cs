using Gravity.Cluster.Certificates;
using Gravity.Cluster.Etcd;
using Gravity.Cluster.Nodes;
using Gravity.Cluster.Operations.Hooks;
using Gravity.Cluster.Operations.Kinds;
using Gravity.Cluster.Plans;
using Gravity.Cluster.Runtime;
using Gravity.Cluster.State;
using Gravity.Core;

namespace Gravity.Cluster.Operations.Shrink;

/// <summary>
/// `gravity leave` (this node) and `gravity remove NODE` (another one): checks that the cluster can lose the node (not
/// its last node or last master; a node whose agent cannot be reached only with --force), records a shrink operation
/// on this node and runs it. `leave` then uninstalls this node as `leave --force` does.
/// </summary>
public sealed class Shrinker(INodeRuntime runtime)
{
    /// <summary>How long the node's drain may take (--drain-timeout); see <see cref="ShrinkConfig.DrainTimeout"/>.</summary>
    public TimeSpan DrainTimeout { get; init; } = ShrinkConfig.DefaultDrainTimeout;

    public async Task<ShrinkResult> LeaveAsync(string stateDir, IProgress<PhaseEvent>? progress = null, IProgress<string>? messages = null, CancellationToken ct = default)
    {
        var self = NodeAgentConfig.Load(stateDir).Node;
        var (cluster, nodes) = await ReadClusterAsync(self, ct);
        var target = nodes.FirstOrDefault(n => n.Name == self.NodeName)
            ?? throw new GravityException($"node {self.NodeName} is not in the records of cluster {self.ClusterName}; gravity leave --force uninstalls it here");
        var result = await RunAsync(self, cluster, nodes, target, unreachable: false, force: false, progress, messages, ct);
        messages?.Report($"node {self.NodeName} left cluster {self.ClusterName}; uninstalling it here");
        await new NodeLifecycle(runtime).LeaveAsync(self.StateDir, force: true, messages, ct, clusterRemains: true);
        return result;
    }

    /// <param name="nodeRef">The node's name, advertise address or host name (<see cref="ClusterNodeLookup"/>).</param>
    public async Task<ShrinkResult> RemoveAsync(string stateDir, string nodeRef, bool force, IProgress<PhaseEvent>? progress = null, IProgress<string>? messages = null,
        CancellationToken ct = default)
    {
        var self = NodeAgentConfig.Load(stateDir).Node;
        var (cluster, nodes) = await ReadClusterAsync(self, ct);
        var target = ClusterNodeLookup.Find(nodes, nodeRef, self.ClusterName);
        if (target.Name == self.NodeName) throw new GravityException($"{nodeRef} is this node: use gravity leave");
        var reachable = await ReachableAsync(self, target, ct);
        if (reachable is not null && !force)
            throw new GravityException($"the agent of node {target.Name} at {target.AgentUrl.Authority} cannot be reached ({reachable}); " +
                                       "if the machine is lost, gravity remove --force removes it from the cluster's records without cleaning it up");
        if (reachable is not null)
            messages?.Report($"warning: node {target.Name} cannot be reached ({reachable}): it is removed from the cluster's records and etcd, " +
                             "but whatever runs or is stored on that machine stays there (run gravity leave --force on it if it comes back)");
        return await RunAsync(self, cluster, nodes, target, unreachable: reachable is not null, force, progress, messages, ct);
    }

    private async Task<ShrinkResult> RunAsync(NodeSettings self, ClusterInfo cluster, IReadOnlyList<ClusterNode> nodes, ClusterNode target, bool unreachable,
        bool force, IProgress<PhaseEvent>? progress, IProgress<string>? messages, CancellationToken ct)
    {
        // The node's own operations first: a database that cannot be read is named before anything else.
        var store = new OperationStore(self.StateDir);
        var running = (await store.ListAsync(ct)).FirstOrDefault(o => o.State == OperationState.InProgress);
        if (nodes.Count <= 1)
            throw new GravityException($"{target.Name} is the last node of cluster {cluster.Name}: leaving removes the cluster with all its data; pass --force to do it");
        if (target.Master && nodes.Count(n => n.Master) == 1)
            throw new GravityException($"{target.Name} is the last master of cluster {cluster.Name}: remove its other nodes first");
        if (running is not null)
            throw new GravityException($"operation {running.Id} ({running.Type}) is in progress on this node: finish it first (gravity plan)");

        var config = new ShrinkConfig
        {
            Target = target, Initiator = self.NodeName, InitiatorStateDir = self.StateDir, Force = unreachable,
            AppName = cluster.Application.Name, AppVersion = cluster.Application.Version, Created = DateTimeOffset.UtcNow,
            Drain = !unreachable && NodeKubernetes.Available(self.Folder), DrainTimeout = DrainTimeout, DrainFailureIsWarning = force,
        };
        var record = new OperationRecord(Guid.NewGuid().ToString(), OperationTypes.Shrink, OperationState.InProgress, cluster.Name, config.Created, config.Created, null, config.Serialize());
        await store.CreateAsync(record, OperationKinds.Default.Get(record.Type, record.Id).BuildPlan(record), ct);
        messages?.Report($"shrink operation {record.Id}: removing node {target.Name} ({target.AdvertiseAddr}) from cluster {cluster.Name}");
        var session = await OperationSession.OpenAsync(store, record, runtime, progress, ct);
        var status = await session.RunAsync(engine => engine.ResumeAsync(ct));
        return new ShrinkResult(record.Id, status.IsCompleted);
    }

    private static async Task<(ClusterInfo Cluster, IReadOnlyList<ClusterNode> Nodes)> ReadClusterAsync(NodeSettings self, CancellationToken ct)
    {
        using var etcd = new EtcdGrpcClient(self.EtcdOptions() with { Timeout = TimeSpan.FromSeconds(10) });
        var store = new ClusterStateStore(etcd);
        var cluster = await store.GetClusterAsync(ct) ?? throw new GravityException($"cluster {self.ClusterName} has no record in etcd yet (its install has not completed)");
        return (cluster, await store.ListNodesAsync(ct));
    }

    /// <returns>null when the node's agent answers; otherwise why not.</returns>
    private static async Task<string?> ReachableAsync(NodeSettings self, ClusterNode target, CancellationToken ct)
    {
        using var http = ClusterTrust.CreateClient(new ClusterPki(self.StateDir).NodeTls, TimeSpan.FromSeconds(5));
        try
        {
            using var _ = await http.GetAsync(target.AgentUrl, ct);
            return null;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            return ex is TaskCanceledException ? "no answer within 5 s" : ex.Message;
        }
    }
}

/// <summary>How a shrink ended.</summary>
public sealed record ShrinkResult(string OperationId, bool Completed);

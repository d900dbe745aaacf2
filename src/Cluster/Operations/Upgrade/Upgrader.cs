using Gravity.Cluster.Etcd;
using Gravity.Cluster.Operations.Kinds;
using Gravity.Cluster.Plans;
using Gravity.Cluster.Runtime;
using Gravity.Cluster.State;
using Gravity.Core;
using Gravity.Packaging.RuntimePackages;
using NuGet.Versioning;

namespace Gravity.Cluster.Operations.Upgrade;

/// <summary>
/// `gravity upgrade`: on a master, records an upgrade of the cluster's application to its latest uploaded version
/// (refused, with nothing recorded, when that is not newer, when a node does not meet the new version's requirements
/// that the records can tell, or while another operation runs), then runs its plan or leaves it to `gravity plan`.
/// </summary>
public sealed class Upgrader(INodeRuntime runtime)
{
    /// <summary>Records the operation and its plan on this node (and, through its journal, in etcd).</summary>
    public async Task<UpgradeStart> CreateAsync(string stateDir, int parallelWorkers = UpgradeConfig.DefaultParallelWorkers, IProgress<string>? messages = null,
        CancellationToken ct = default)
    {
        if (parallelWorkers < 1) throw new UpgradeRefusedException($"--parallel-workers {parallelWorkers}: at least 1");
        var self = NodeAgentConfig.Load(stateDir).Node;
        if (!self.Master) throw new UpgradeRefusedException($"node {self.NodeName} is a regular node: run gravity upgrade on a master");
        var store = new OperationStore(self.StateDir);
        if ((await store.ListAsync(ct)).FirstOrDefault(o => o.State == OperationState.InProgress) is { } local)
            throw new UpgradeRefusedException($"operation {local.Id} ({local.Type}) is in progress on this node: finish it first (gravity plan), or roll it back");

        using var etcd = new EtcdGrpcClient(self.EtcdOptions() with { Timeout = TimeSpan.FromSeconds(10) });
        if ((await ClusterOperationJournal.InProgressAsync(etcd, ct)).Select(r => r.Operation).FirstOrDefault() is { } running)
            throw new UpgradeRefusedException($"operation {running.Id} ({running.Type}) is in progress in the cluster: finish it first (gravity plan)");
        var state = new ClusterStateStore(etcd);
        var cluster = await state.GetClusterAsync(ct) ?? throw new UpgradeRefusedException($"cluster {self.ClusterName} has no record in etcd yet (its install has not completed)");
        var app = cluster.Application;
        var latest = await new UploadedApplicationStore(etcd).LatestAsync(app.Name, ct)
            ?? throw new UpgradeRefusedException($"no version of {app.Name} has been uploaded to cluster {cluster.Name}: upload the new cluster image first (./upload or gravity upload)");
        RefuseUnlessNewer(app, latest.Version);

        var nodes = await state.ListNodesAsync(ct);
        var leader = await new LeaderReader(etcd).GetAsync(ct);
        var masters = nodes.Where(n => n.Master).OrderBy(n => n.Name == leader?.Node ? 0 : 1).ThenBy(n => n.Name, StringComparer.Ordinal).ToList();
        var config = new UpgradeConfig
        {
            AppName = app.Name, FromVersion = app.Version, ToVersion = latest.Version, HeadDigest = latest.HeadDigest,
            Masters = masters, Nodes = nodes.Where(n => !n.Master).OrderBy(n => n.Name, StringComparer.Ordinal).ToList(),
            ParallelWorkers = parallelWorkers, Initiator = self.NodeName, InitiatorStateDir = self.StateDir, Created = DateTimeOffset.UtcNow,
        };
        var context = new Executors.UpgradePhaseContext(config, runtime, o => new EtcdGrpcClient(o));
        var unmet = UpgradeRequirements.Unmet(context.NewManifest(), context.Head(app.Version), context.Head(latest.Version), nodes);
        if (unmet.Count > 0)
            throw new UpgradeRefusedException($"cannot upgrade {app.Name} from {app.Version} to {latest.Version}: {string.Join("; ", unmet)}");
        config = config with { EtcdVersionChanges = EtcdVersionChanges(self.Folder.RuntimeManifest, Path.Combine(context.AppDir(latest.Version), RuntimeManifestFile)) };

        var record = new OperationRecord(Guid.NewGuid().ToString(), OperationTypes.Upgrade, OperationState.InProgress, cluster.Name, config.Created, config.Created, null, config.Serialize());
        var plan = OperationKinds.Default.Get(record.Type, record.Id).BuildPlan(record);
        await store.CreateAsync(record, plan, ct);
        messages?.Report($"updating {app.Name} from {app.Version} to {latest.Version}");
        messages?.Report("Deploying agents on nodes");
        await DeployAgentsAsync(self, config, messages, ct);
        return new UpgradeStart(record, config);
    }

    /// <summary>Runs (or resumes) the plan here; at the first failed phase throws what to do next.</summary>
    /// <param name="messages">What is not a phase's: the update agents' shutdown at the end.</param>
    public async Task<PlanStatus> RunAsync(string stateDir, string operationId, IProgress<PhaseEvent>? progress = null, CancellationToken ct = default,
        Action<string>? messages = null)
    {
        var store = new OperationStore(stateDir);
        var record = await store.GetAsync(operationId, ct) ?? throw new GravityException($"no operation {operationId} on this node");
        var self = NodeAgentConfig.Load(stateDir).Node;
        var config = UpgradeConfig.Deserialize(record.Config);
        await DeployAgentsAsync(self, config, null, ct);
        var session = await OperationSession.OpenAsync(store, record, runtime, progress, ct);
        try
        {
            var status = await session.RunAsync(engine => engine.ResumeAsync(ct));
            // Done: the update agents go (Gravity's upgrade shuts them down at the end); on a failure they stay for resume and rollback.
            if (status.IsCompleted) await ShutDownAgentsAsync(stateDir, config, messages, ct);
            return status;
        }
        catch (PhaseFailedException ex)
        {
            throw new GravityException($"the upgrade stopped: {ex.Message}\n" +
                                       "Fix the cause and run `gravity plan resume` to go on from that phase, or `gravity rollback` to return the cluster to the version it ran.", ex);
        }
    }

    public const string RuntimeManifestFile = "runtime.json";

    // Phases of other nodes run on their update agents (system-upgrade restarts their node agents); one node needs none.
    private static async Task DeployAgentsAsync(Nodes.NodeSettings self, UpgradeConfig config, IProgress<string>? messages, CancellationToken ct)
    {
        if (!OtherNodes(self, config)) return;
        await Deployment(self).DeployAsync(NodeDefaults.UpdateAgentPort, messages is null ? null : messages.Report, ct);
    }

    /// <summary>
    /// The operation has ended (completed or rolled back): the update agents go. One that cannot be stopped is reported
    /// (`gravity agent shutdown` stops it later), never turned into a failure of what has already succeeded.
    /// </summary>
    public static async Task ShutDownAgentsAsync(string stateDir, UpgradeConfig config, Action<string>? log, CancellationToken ct)
    {
        var self = NodeAgentConfig.Load(stateDir).Node;
        if (!OtherNodes(self, config)) return;
        try
        {
            await Deployment(self).ShutdownAsync(log, ct);
        }
        catch (GravityException ex)
        {
            log?.Invoke($"warning: {ex.Message}; stop them with `gravity agent shutdown`");
        }
    }

    private static bool OtherNodes(Nodes.NodeSettings self, UpgradeConfig config) => config.AllNodes.Any(n => n.Name != self.NodeName);

    private static Agents.UpdateAgentDeployment Deployment(Nodes.NodeSettings self) => new(self, () => new EtcdGrpcClient(self.EtcdOptions()));

    /// <summary>Whether the two runtime packages carry different etcd versions; false when either manifest cannot be read (nothing says it changes).</summary>
    public static bool EtcdVersionChanges(string currentRuntimeManifest, string nextRuntimeManifest)
    {
        static string? EtcdOf(string path)
        {
            if (!File.Exists(path)) return null;
            try { return RuntimePackageManifestParser.Parse(File.ReadAllBytes(path)).Binaries.FirstOrDefault(b => b.Kind == "etcd")?.Version; }
            catch (Exception ex) when (ex is InvalidDataException or GravityException or System.Text.Json.JsonException) { return null; }
        }
        return EtcdOf(currentRuntimeManifest) is { } current && EtcdOf(nextRuntimeManifest) is { } next && current != next;
    }

    private static void RefuseUnlessNewer(ClusterApplication app, string uploaded)
    {
        if (!SemanticVersion.TryParse(app.Version, out var current) || !SemanticVersion.TryParse(uploaded, out var next))
            throw new UpgradeRefusedException($"cannot compare the versions of {app.Name}: the cluster runs \"{app.Version}\" and \"{uploaded}\" was uploaded; both must be semantic versions");
        if (next == current)
            throw new UpgradeRefusedException($"cluster already runs {app.Name} {app.Version}, the latest uploaded version: upload a newer cluster image first");
        if (next < current)
            throw new UpgradeRefusedException($"the latest uploaded version of {app.Name}, {uploaded}, is older than {app.Version} that the cluster runs: downgrades are not supported");
    }
}

/// <summary>An upgrade that has been recorded: its operation and what it changes.</summary>
public sealed record UpgradeStart(OperationRecord Operation, UpgradeConfig Config);

using Gravity.Cluster.Nodes;
using Gravity.Cluster.Operations.Install;
using Gravity.Cluster.Operations.Kinds;
using Gravity.Cluster.Plans;
using Gravity.Cluster.Runtime;
using Gravity.Cluster.State;
using Gravity.Core;
using Gravity.Manifest;

namespace Gravity.Cluster.Operations.Expand;

/// <summary>
/// `gravity join PEER`: asks the cluster through PEER to admit this node (a wrong token, a taken name or address, an
/// unknown role or a full fixed profile is refused here, before anything changes on either side), then records the
/// expand operation and its plan in this node's state folder and runs it (unless --manual).
/// </summary>
public sealed class Joiner(INodeRuntime runtime)
{
    public async Task<JoinResult> JoinAsync(JoinRequest request, IProgress<PhaseEvent>? progress = null, IProgress<string>? messages = null, CancellationToken ct = default)
    {
        var stateDir = Path.GetFullPath(request.StateDir);
        if (NodeAgentConfig.TryLoad(stateDir) is { } existing)
            throw new GravityException($"this node is already a node of cluster {existing.Node.ClusterName} (state folder {stateDir}): " +
                                       "continue its operation with gravity plan resume, or remove it with gravity leave --force first");
        Installer.EnsureNothingInTheWay(stateDir);

        var peer = JoinPeerClient.PeerUrl(request.Peer, NodeDefaults.HealthPort);
        using var client = await JoinPeerClient.ConnectAsync(peer, request.Token, ct: ct);
        var nodeName = request.ResolvedNodeName;
        var advertise = request.AdvertiseAddr ?? Installer.DefaultAdvertiseAddr();
        var admission = await client.StartAsync(request.Token, new JoinStartRequest(nodeName, advertise, NodeHostName.Current(), request.Role), ct);
        messages?.Report($"cluster {admission.ClusterName} admitted node {nodeName} as {(admission.Master ? "a master" : "a regular node")} of profile {admission.Role} (operation {admission.OperationId})");

        var manifest = ManifestLoader.Parse(admission.AppManifestYaml, "app.yaml").EnsureSuccess();
        if (new[] { "preNodeAdd", "postNodeAdd" }.FirstOrDefault(h => manifest.FindHook(h) is not null) is { } hook)
            throw new GravityException($"the application {admission.AppName}:{admission.AppVersion} has a {hook} hook, which needs a Kubernetes runtime; " +
                                       "this runtime has none, so the node cannot join. Nothing was changed.");

        var profile = manifest.FindProfile(admission.Role) ?? throw new GravityException($"the application has no node profile \"{admission.Role}\"");
        var gravity = request.Gravity ?? GravityProgram.Current();
        var node = (request with { NodeName = nodeName, AdvertiseAddr = advertise }).ToNodeSettings(stateDir, admission.ClusterName, admission.Role, gravity) with
        {
            Master = admission.Master,
            EtcdEndpoints = admission.Master ? [] : admission.EtcdClientUrls,
            UpstreamRegistry = admission.Master ? null : admission.PeerRegistry,
            Kubernetes = KubernetesNodeOptions.From(manifest, profile),
        };
        // The role's requirements, checked here before anything is written on this node; the cluster forgets the admission.
        var failures = await runtime.RunPreflightAsync(node, request.SkipChecks, profile, Executors.JoinChecksExecutor.Space, ct);
        if (failures.Count > 0)
        {
            await client.CancelAsync(admission.OperationId, admission.OperationToken, ct);
            throw new GravityException($"{failures.Count} preflight check(s) of profile {profile.Name} failed on this node; nothing was changed here or in the cluster:" +
                                       Environment.NewLine + "  " + string.Join(Environment.NewLine + "  ", failures));
        }

        var config = new ExpandConfig
        {
            Node = node,
            Peer = peer.ToString(),
            JoinToken = request.Token,
            CaPem = client.CaPem,
            Admission = admission,
            GravityBinary = gravity.FileName,
            GravityArgs = gravity.Args,
            CopyGravityBinary = gravity.Standalone,
            Created = DateTimeOffset.UtcNow,
            StateDirExisted = Directory.Exists(stateDir),
            SkippedChecks = request.SkipChecks,
        };
        var record = new OperationRecord(admission.OperationId, OperationTypes.Expand, OperationState.InProgress, node.ClusterName, config.Created, config.Created, null, config.Serialize());
        var store = new OperationStore(stateDir);
        await store.CreateAsync(record, OperationKinds.Default.Get(record.Type, record.Id).BuildPlan(record), ct);
        if (!config.StateDirExisted) await File.WriteAllTextAsync(node.Folder.CreatedStateDirMarker, "", ct);
        await NodeAgentConfig.Of(node).SaveAsync();

        var session = await OperationSession.OpenAsync(store, record, runtime, progress, ct);
        if (request.Manual) return new JoinResult(record.Id, false, await session.Engine.GetStatusAsync(ct));
        var status = await session.RunAsync(engine => engine.ResumeAsync(ct));
        return new JoinResult(record.Id, status.IsCompleted, status);
    }

    /// <summary>`gravity join --resume`: continues the join in progress on this node.</summary>
    public async Task<JoinResult> ResumeAsync(string stateDir, IProgress<PhaseEvent>? progress = null, CancellationToken ct = default)
    {
        var session = await OperationSession.OpenCurrentAsync(stateDir, runtime, progress, ct);
        if (session.Operation.Type != OperationTypes.Expand)
            throw new GravityException($"the operation in progress is {session.Operation.Type} {session.Operation.Id}, not a join: use gravity plan resume");
        var status = await session.RunAsync(engine => engine.ResumeAsync(ct));
        return new JoinResult(session.Operation.Id, status.IsCompleted, status);
    }
}

/// <summary>How `gravity join` ended: the operation and, unless --manual, its final plan state.</summary>
public sealed record JoinResult(string OperationId, bool Completed, PlanStatus Status);

using Gravity.Cluster.Etcd;
using Gravity.Cluster.Nodes;
using Gravity.Cluster.Operations.Hooks;
using Gravity.Cluster.Runtime;
using Gravity.Cluster.State;
using Gravity.Core;

namespace Gravity.Cluster.Operations;

/// <summary>
/// `gravity stop`, `gravity start` and `gravity leave` on this node. What the node is and how it runs comes from its
/// record in the state folder (node.json), whichever operation created it; the operation is asked only whether it ended.
/// The application's stop hook runs before the services stop, its start hook once they are healthy again, and
/// preUninstall and uninstall before leave removes anything (<see cref="NodeHookCaller"/>).
/// </summary>
public sealed class NodeLifecycle(INodeRuntime runtime, TimeProvider? time = null)
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    /// <summary>
    /// Runs the stop hook (a failure stops nothing and fails the command), then stops the agent and every service it
    /// runs; the node stays stopped (status "stopped") until start.
    /// </summary>
    public async Task StopAsync(string stateDir, CancellationToken ct = default, IProgress<string>? messages = null)
    {
        var node = NodeAgentConfig.Load(stateDir).Node;
        // Stopped already: the application was told then, and its Kubernetes is not running to be told again.
        if (!File.Exists(node.Folder.StoppedMarker))
        {
            try
            {
                await NodeHookCaller.RunAsync(node, "stop", line => messages?.Report(line), _time, ct);
            }
            catch (Exception ex) when (ex is HttpRequestException || (ex is TaskCanceledException && !ct.IsCancellationRequested))
            {
                // A node whose Kubernetes does not answer must still be stoppable; only a hook that ran and failed stops it.
                messages?.Report($"the stop hook could not run, Kubernetes did not answer ({ex.Message}); stopping anyway");
            }
        }
        await runtime.StopAgentAsync(node, ct);
        Directory.CreateDirectory(node.Folder.Local);
        await File.WriteAllTextAsync(node.Folder.StoppedMarker, DateTimeOffset.UtcNow.ToString("O"), ct);
    }

    /// <summary>
    /// Starts the agent again and waits for health; with a new advertise address, regenerates the certificates and
    /// records the address. Then the start hook runs (its failure fails the command; the services keep running).
    /// </summary>
    public async Task StartAsync(string stateDir, string? advertiseAddr = null, CancellationToken ct = default, IProgress<string>? messages = null)
    {
        var config = NodeAgentConfig.Load(stateDir);
        if (await InstalledNode.FindAsync(stateDir, ct) is { Install.State: not OperationState.Completed } install)
            throw new GravityException($"the install of this node has not completed ({install.Install.State}): finish it with gravity plan resume");
        var node = config.Node;
        if (advertiseAddr is not null && advertiseAddr != node.AdvertiseAddr)
        {
            node = node with { AdvertiseAddr = advertiseAddr };
            config = config with { Node = node };
            if (Directory.Exists(node.Folder.Secrets)) Directory.Delete(node.Folder.Secrets, recursive: true);
            await runtime.EnsureCertificatesAsync(node, ct);
        }
        await runtime.StartAgentAsync(config, ct); // saves the record, with the new address
        await runtime.WaitHealthyAsync(node, TimeSpan.FromMinutes(2), ct);
        File.Delete(node.Folder.StoppedMarker);
        using var etcd = new EtcdGrpcClient(node.EtcdOptions());
        var store = new ClusterStateStore(etcd);
        var recorded = (await store.ListNodesAsync(ct)).FirstOrDefault(n => n.Name == node.NodeName);
        if (recorded is not null && recorded.AdvertiseAddr != node.AdvertiseAddr)
            await store.PutNodeAsync(recorded with { AdvertiseAddr = node.AdvertiseAddr }, ct);
        await NodeHookCaller.RunAsync(node, "start", line => messages?.Report(line), _time, ct);
    }

    /// <summary>
    /// Decommissions this node. On the last node (the only one an install creates today) this needs <paramref name="force"/>
    /// and uninstalls everything: stops every process, removes the service user if the install created it, and removes
    /// the state folder (or, when it existed before the install, only the entries the install created in it). With
    /// --force an unreadable operations.db or node record does not stop it: the state folder tells what to remove.
    /// </summary>
    /// <param name="clusterRemains">The node leaves a cluster that goes on (a shrink): the application is not uninstalled.</param>
    public async Task LeaveAsync(string stateDir, bool force, IProgress<string>? messages = null, CancellationToken ct = default, bool clusterRemains = false)
    {
        var folder = new StateFolder(Path.GetFullPath(stateDir));
        InstalledNode? install = null;
        var databaseReadable = true;
        try
        {
            install = await InstalledNode.FindAsync(folder.StateDir, ct);
        }
        catch (UnreadableDatabaseException ex) when (force)
        {
            messages?.Report($"{ex.Path} cannot be read; uninstalling from what the state folder holds");
            databaseReadable = false;
        }
        NodeSettings? recorded;
        try
        {
            recorded = NodeAgentConfig.TryLoad(folder.StateDir)?.Node;
        }
        catch (GravityException ex) when (force)
        {
            messages?.Report($"{ex.Message}; uninstalling from what the state folder holds");
            recorded = null;
        }
        // Nothing says a node lives here (a wrong --state-dir): remove nothing, not even with --force.
        var node = recorded ?? install?.Config.Node ?? (databaseReadable
            ? throw new GravityException($"no cluster is installed on this node (no node record in {folder.StateDir}; is --state-dir right?)")
            : Unknown(folder));
        if (!force)
            throw new GravityException($"{node.NodeName} is the last node of cluster {node.ClusterName}: leaving removes the cluster with all its data; pass --force to do it");
        // Without the marker, remove only what the install creates: never a folder that may have been there before.
        var stateDirExisted = install?.Config.StateDirExisted ?? !File.Exists(folder.CreatedStateDirMarker);
        // preUninstall and uninstall uninstall the application from the whole cluster: only when this node is its last.
        if ((clusterRemains ? "other nodes of the cluster remain" : await WhyNotTheLastNodeAsync(node, ct)) is { } notLast)
            messages?.Report($"{notLast}: the application's preUninstall and uninstall hooks are not run");
        else
            await RunUninstallHooksAsync(node, messages, ct);
        messages?.Report("stopping the node agent and its services");
        await runtime.StopAgentAsync(node, ct);
        await Agents.UpdateAgentLauncher.StopAsync(folder, ct);
        var killed = await LeftoverProcesses.KillAsync(folder.StateDir, ct);
        if (killed > 0) messages?.Report($"stopped {killed} leftover process(es)");
        await runtime.RemoveHostChangesAsync(node, ct);
        await ServiceUser.RemoveCreatedAsync(folder.CreatedUserMarker, ct);
        messages?.Report(stateDirExisted ? $"removing what the install created in {folder.StateDir}" : $"removing {folder.StateDir}");
        RemoveStateDir(folder, stateDirExisted);
    }

    /// <summary>preUninstall, then uninstall: a failure is reported and the uninstall goes on (leave runs with --force only).</summary>
    private async Task RunUninstallHooksAsync(NodeSettings node, IProgress<string>? messages, CancellationToken ct)
    {
        foreach (var hook in new[] { "preUninstall", "uninstall" })
        {
            try
            {
                await NodeHookCaller.RunAsync(node, hook, line => messages?.Report(line), _time, ct);
            }
            catch (Exception ex) when (!ct.IsCancellationRequested)
            {
                messages?.Report($"the {hook} hook failed; uninstalling anyway (--force): {ex.Message}");
            }
        }
    }

    /// <summary>
    /// Why this node may not be the cluster's last (then the hooks, which uninstall the application cluster-wide, must
    /// not run), or null when it is. Asked only of a node with Kubernetes (elsewhere no hook can run). When its etcd
    /// does not answer, the cluster cannot say, and other nodes may go on with the application: the hooks are not run
    /// (on a last node they could not have run either: its Kubernetes stores in that etcd).
    /// </summary>
    private static async Task<string?> WhyNotTheLastNodeAsync(NodeSettings node, CancellationToken ct)
    {
        if (!NodeKubernetes.Available(node.Folder) || !File.Exists(new Certificates.ClusterPki(node.StateDir).NodeCertPath)) return null;
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(TimeSpan.FromSeconds(10));
            using var etcd = new EtcdGrpcClient(node.EtcdOptions());
            return (await new ClusterStateStore(etcd).ListNodesAsync(timeout.Token)).Any(n => n.Name != node.NodeName) ? "other nodes of the cluster remain" : null;
        }
        catch (Exception ex) when (!ct.IsCancellationRequested)
        {
            return $"the cluster's node records cannot be read ({ex.Message}), so other nodes may remain";
        }
    }

    /// <summary>A node whose record is gone (an install that failed before writing it): enough to stop what runs in its folder.</summary>
    private static NodeSettings Unknown(StateFolder folder) => new()
    {
        StateDir = folder.StateDir, ClusterName = "", NodeName = "", AdvertiseAddr = "", Role = "", GravityBinary = "",
    };

    private static void RemoveStateDir(StateFolder folder, bool stateDirExisted)
    {
        var dir = new DirectoryInfo(folder.StateDir);
        if (!dir.Exists) return;
        if (!stateDirExisted)
        {
            dir.Delete(recursive: true);
            return;
        }
        foreach (var path in folder.CreatedEntries)
        {
            var entry = new FileInfo(path);
            if (entry.LinkTarget is null && Directory.Exists(path)) Directory.Delete(path, recursive: true);
            else if (entry.LinkTarget is not null || entry.Exists) entry.Delete(); // a file, or a link (removed without following it)
        }
    }
}

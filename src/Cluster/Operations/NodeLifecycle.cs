using Gravity.Cluster.Etcd;
using Gravity.Cluster.Runtime;
using Gravity.Cluster.State;
using Gravity.Core;

namespace Gravity.Cluster.Operations;

/// <summary>`gravity stop`, `gravity start` and `gravity leave` on this node.</summary>
public sealed class NodeLifecycle(INodeRuntime runtime)
{
    /// <summary>Stops the agent and every service it runs; the node stays stopped (status "stopped") until start.</summary>
    public async Task StopAsync(string stateDir, CancellationToken ct = default)
    {
        var node = await InstalledNode.GetAsync(stateDir, ct);
        await runtime.StopAgentAsync(node.Config, ct);
        Directory.CreateDirectory(node.Layout.Local);
        await File.WriteAllTextAsync(node.Layout.StoppedMarker, DateTimeOffset.UtcNow.ToString("O"), ct);
    }

    /// <summary>Starts the agent again and waits for health; with a new advertise address, regenerates the certificates and records the address.</summary>
    public async Task StartAsync(string stateDir, string? advertiseAddr = null, CancellationToken ct = default)
    {
        var node = await InstalledNode.GetAsync(stateDir, ct);
        var config = node.Config;
        if (node.Install.State != OperationState.Completed)
            throw new GravityException($"the install of this node has not completed ({node.Install.State}): finish it with gravity plan resume");
        if (advertiseAddr is not null && advertiseAddr != config.AdvertiseAddr)
        {
            config = config with { AdvertiseAddr = advertiseAddr };
            if (Directory.Exists(node.Layout.Secrets)) Directory.Delete(node.Layout.Secrets, recursive: true);
            await runtime.EnsureCertificatesAsync(config, ct);
            await node.Store.UpdateConfigAsync(node.Install.Id, config.Serialize(), ct);
        }
        await runtime.StartAgentAsync(config, ct);
        await runtime.WaitHealthyAsync(config, TimeSpan.FromMinutes(2), ct);
        File.Delete(node.Layout.StoppedMarker);
        using var etcd = new EtcdClient(config.EtcdOptions());
        var store = new ClusterStateStore(etcd);
        var recorded = (await store.ListNodesAsync(ct)).FirstOrDefault(n => n.Name == config.NodeName);
        if (recorded is not null && recorded.AdvertiseAddr != config.AdvertiseAddr)
            await store.PutNodeAsync(recorded with { AdvertiseAddr = config.AdvertiseAddr }, ct);
    }

    /// <summary>
    /// Decommissions this node. On the last node (the only one an install creates today) this needs <paramref name="force"/>
    /// and uninstalls everything: stops every process, removes the service user if the install created it, and removes
    /// the state folder (or, when it existed before the install, only the entries the install created in it). With
    /// --force an unreadable operations.db does not stop it: the state folder tells what to remove.
    /// </summary>
    public async Task LeaveAsync(string stateDir, bool force, IProgress<string>? messages = null, CancellationToken ct = default)
    {
        InstallConfig config;
        try
        {
            config = (await InstalledNode.GetAsync(stateDir, ct)).Config;
        }
        catch (UnreadableDatabaseException ex) when (force)
        {
            messages?.Report($"{ex.Path} cannot be read; uninstalling from what the state folder holds");
            config = RecoveredConfig(stateDir);
        }
        if (!force)
            throw new GravityException($"{config.NodeName} is the last node of cluster {config.ClusterName}: leaving removes the cluster with all its data; pass --force to do it");
        var layout = new StateLayout(config.StateDir);
        messages?.Report("stopping the node agent and its services");
        await runtime.StopAgentAsync(config, ct);
        var killed = await LeftoverProcesses.KillAsync(layout.StateDir, ct);
        if (killed > 0) messages?.Report($"stopped {killed} leftover process(es)");
        await runtime.RemoveHostChangesAsync(config, ct);
        await ServiceUser.RemoveCreatedAsync(layout.CreatedUserMarker, ct);
        messages?.Report(config.StateDirExisted ? $"removing what the install created in {config.StateDir}" : $"removing {config.StateDir}");
        RemoveStateDir(config);
    }

    /// <summary>What leave needs, from the agent's configuration (agent.json) and the markers, when operations.db is unreadable.</summary>
    private static InstallConfig RecoveredConfig(string stateDir)
    {
        var full = Path.GetFullPath(stateDir);
        NodeAgentConfig? agent = null;
        try { agent = NodeAgentConfig.Load(full); }
        catch (GravityException) { } // an install that failed before /runtime wrote no agent.json
        return new InstallConfig
        {
            ImageDir = "", StateDir = full, ClusterName = agent?.ClusterName ?? "", NodeName = agent?.NodeName ?? "",
            AdvertiseAddr = agent?.AdvertiseAddr ?? "", Role = agent?.Role ?? "", AppName = "", AppVersion = "", JoinToken = "",
            GravityBinary = agent?.GravityBinary ?? "", Created = default, ManageEtcHosts = agent?.ManageEtcHosts ?? false,
            // Without the marker, remove only what the install creates: never a folder that may have been there before.
            StateDirExisted = !File.Exists(new StateLayout(full).CreatedStateDirMarker),
        };
    }

    private void RemoveStateDir(InstallConfig config)
    {
        var dir = new DirectoryInfo(config.StateDir);
        if (!dir.Exists) return;
        if (!config.StateDirExisted)
        {
            dir.Delete(recursive: true);
            return;
        }
        foreach (var path in CreatedEntries(runtime, config.StateDir))
        {
            var entry = new FileInfo(path);
            if (entry.LinkTarget is null && Directory.Exists(path)) Directory.Delete(path, recursive: true);
            else if (entry.LinkTarget is not null || entry.Exists) entry.Delete(); // a file, or a link (removed without following it)
        }
    }

    /// <summary>The entries the install and its runtime create directly in the state folder.</summary>
    public static IReadOnlyList<string> CreatedEntries(INodeRuntime runtime, string stateDir)
        => new StateLayout(stateDir).CreatedEntries.Concat(runtime.CreatedEntries(stateDir)).Distinct().ToList();
}

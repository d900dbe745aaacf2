using Gravity.Cluster.Etcd;
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
        using var etcd = new EtcdClient(new EtcdClientOptions(config.EtcdEndpoint));
        var store = new ClusterStateStore(etcd);
        var recorded = (await store.ListNodesAsync(ct)).FirstOrDefault(n => n.Name == config.NodeName);
        if (recorded is not null && recorded.AdvertiseAddr != config.AdvertiseAddr)
            await store.PutNodeAsync(recorded with { AdvertiseAddr = config.AdvertiseAddr }, ct);
    }

    /// <summary>
    /// Decommissions this node. On the last node (the only one an install creates today) this needs <paramref name="force"/>
    /// and uninstalls everything: stops every process, removes the service user if the install created it, and removes
    /// the state folder (or, when it existed before the install, everything in it).
    /// </summary>
    public async Task LeaveAsync(string stateDir, bool force, IProgress<string>? messages = null, CancellationToken ct = default)
    {
        var node = await InstalledNode.GetAsync(stateDir, ct);
        var config = node.Config;
        if (!force)
            throw new GravityException($"{config.NodeName} is the last node of cluster {config.ClusterName}: leaving removes the cluster with all its data; pass --force to do it");
        messages?.Report("stopping the node agent and its services");
        await runtime.StopAgentAsync(config, ct);
        var killed = await LeftoverProcesses.KillAsync(node.Layout.StateDir, ct);
        if (killed > 0) messages?.Report($"stopped {killed} leftover process(es)");
        await runtime.RemoveHostChangesAsync(config, ct);
        await ServiceUser.RemoveCreatedAsync(node.Layout.CreatedUserMarker, ct);
        messages?.Report($"removing {config.StateDir}");
        RemoveStateDir(config);
    }

    private static void RemoveStateDir(InstallConfig config)
    {
        var dir = new DirectoryInfo(config.StateDir);
        if (!dir.Exists) return;
        if (!config.StateDirExisted)
        {
            dir.Delete(recursive: true);
            return;
        }
        foreach (var child in dir.EnumerateFileSystemInfos())
        {
            if (child is DirectoryInfo { LinkTarget: null } d) d.Delete(recursive: true);
            else child.Delete(); // a file, or a link (removed without following it)
        }
    }
}

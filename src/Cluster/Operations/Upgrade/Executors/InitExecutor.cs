using Gravity.Cluster.Plans;
using Gravity.Cluster.State;
using Gravity.Core;
using Gravity.Oci;

namespace Gravity.Cluster.Operations.Upgrade.Executors;

/// <summary>
/// /init: the version to upgrade to is still the one recorded when the operation was created: its upload record is in
/// etcd with the same image (head digest), its folder on this node holds that image's head, and the cluster still runs
/// the version the upgrade starts from. Then the regular nodes get the version's folder. Nothing is undone on a rollback:
/// a version's folder on a node changes nothing until system-upgrade, and gc removes what is not needed.
/// </summary>
public sealed class InitExecutor(UpgradePhaseContext upgrade) : IPhaseExecutor
{
    public async Task ExecuteAsync(PhaseContext context, CancellationToken ct)
    {
        var config = upgrade.Config;
        using var etcd = upgrade.LocalEtcd();
        var uploaded = await new UploadedApplicationStore(etcd).GetAsync(config.AppName, config.ToVersion, ct)
            ?? throw new GravityException($"version {config.ToVersion} of {config.AppName} has no upload record in the cluster any more: upload it again (gravity upload)");
        if (uploaded.HeadDigest != config.HeadDigest)
            throw new GravityException($"version {config.ToVersion} of {config.AppName} was uploaded again from another image ({uploaded.HeadDigest}, this operation planned {config.HeadDigest}): " +
                                       "roll this operation back and start a new upgrade");
        var headPath = Path.Combine(upgrade.AppDir(config.ToVersion), UpgradePhaseContext.HeadFile);
        if (!File.Exists(headPath)) throw new GravityException($"{headPath} is missing: version {config.ToVersion} is not uploaded on this node ({config.Initiator})");
        if (!SameImage(await File.ReadAllBytesAsync(headPath, ct), config.HeadDigest))
            throw new GravityException($"{headPath} is not the head of the uploaded image {config.HeadDigest}: upload version {config.ToVersion} again");
        var cluster = await new ClusterStateStore(etcd).GetClusterAsync(ct) ?? throw new GravityException("the cluster has no record in etcd");
        if (cluster.Application.Version != config.FromVersion && cluster.Application.Version != config.ToVersion)
            throw new GravityException($"the cluster runs {cluster.Application.Name} {cluster.Application.Version}, not {config.FromVersion} that this upgrade starts from");
        context.Log($"upgrading {config.AppName} from {config.FromVersion} to {config.ToVersion} (image {config.HeadDigest}) on {config.AllNodes.Count()} node(s)");

        // Upload put the version's folder on every master; the regular nodes get it from here, checked against its head
        // on their side, so that their bootstrap finds it like a master's does.
        var client = new Agents.AgentAppClient(new Certificates.ClusterPki(config.InitiatorStateDir).NodeTls);
        foreach (var node in config.Nodes)
            if (await client.PutAsync(node.Name, node.AgentUrl, config.AppName, config.ToVersion, upgrade.AppDir(config.ToVersion), ct))
                context.Log($"sent {config.AppName} {config.ToVersion} to node {node.Name}");
    }

    public Task RollbackAsync(PhaseContext context, CancellationToken ct) => Task.CompletedTask;

    /// <summary>The digest as upload records it: of the file's bytes, with or without "sha256:".</summary>
    public static bool SameImage(byte[] head, string digest)
    {
        var computed = Digest.Compute(head);
        return digest == computed.ToString() || digest == computed.Hex;
    }
}

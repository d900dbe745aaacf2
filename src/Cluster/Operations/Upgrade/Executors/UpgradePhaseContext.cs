using Gravity.Cluster.Etcd;
using Gravity.Cluster.Nodes;
using Gravity.Cluster.Plans;
using Gravity.Cluster.Runtime;
using Gravity.Core;
using Gravity.Manifest;
using Gravity.Packaging.ClusterImage;

namespace Gravity.Cluster.Operations.Upgrade.Executors;

/// <summary>What the upgrade phases share: the operation's inputs, the runtime, and how to reach etcd and the two versions' folders.</summary>
public sealed record UpgradePhaseContext(UpgradeConfig Config, INodeRuntime Runtime, Func<EtcdClientOptions, IClusterStore> EtcdFactory)
{
    public const string HeadFile = "head.json";

    public NodeSettings Initiator() => NodeAgentConfig.Load(Config.InitiatorStateDir).Node;

    /// <summary>The settings of the node a per-node phase is about, from its own state folder (the phase runs there).</summary>
    public NodeSettings NodeOf(PhaseContext phase)
    {
        var record = Config.NodeNamed(phase.Data(UpgradePhases.NodeKey));
        var stateDir = record.StateDir
            ?? throw new GravityException($"the cluster's record of {record.Name} has no state folder (an older version wrote it): run phase {phase.Phase.Id} on that node");
        var node = NodeAgentConfig.Load(stateDir).Node;
        if (node.NodeName != record.Name) throw new GravityException($"{stateDir} holds node {node.NodeName}, not {record.Name}");
        return node;
    }

    /// <summary>The name of the node a per-node phase is about.</summary>
    public static string TargetOf(PhaseContext phase) => phase.Data(UpgradePhases.NodeKey);

    public IClusterStore LocalEtcd() => EtcdFactory(Initiator().EtcdOptions());

    public string AppDir(string version) => Initiator().Folder.AppDir(Config.AppName, version);

    public AppManifest Manifest(string version)
    {
        var path = Path.Combine(AppDir(version), ClusterImageLayout.AppManifest);
        if (!File.Exists(path)) throw new GravityException($"version {version} of {Config.AppName} has no manifest on this node: {path} is missing (was it uploaded?)");
        return ManifestLoader.Parse(File.ReadAllText(path), path).EnsureSuccess();
    }

    public AppManifest OldManifest() => Manifest(Config.FromVersion);
    public AppManifest NewManifest() => Manifest(Config.ToVersion);

    /// <summary>The head of a version's cluster image as its folder keeps it, or null when the folder has none (an install by an older build).</summary>
    public ClusterImageHead? Head(string version)
    {
        var path = Path.Combine(AppDir(version), HeadFile);
        return File.Exists(path) ? ClusterImageHead.Parse(File.ReadAllBytes(path)) : null;
    }
}

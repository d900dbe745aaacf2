using Gravity.Cluster.Etcd;
using Gravity.Cluster.Nodes;
using Gravity.Cluster.Runtime;
using Gravity.Manifest;
using Gravity.Packaging.ClusterImage;

namespace Gravity.Cluster.Operations.Shrink.Executors;

/// <summary>What the shrink phases share: the operation's inputs, the runtime, and how to reach etcd.</summary>
public sealed record ShrinkPhaseContext(ShrinkConfig Config, INodeRuntime Runtime, Func<EtcdClientOptions, IClusterStore> EtcdFactory)
{
    /// <summary>The node that runs the operation (its phases other than /clean run there).</summary>
    public NodeSettings Initiator() => NodeAgentConfig.Load(Config.InitiatorStateDir).Node;

    public IClusterStore LocalEtcd() => EtcdFactory(Initiator().EtcdOptions());

    public AppManifest Manifest()
        => ManifestLoader.Parse(File.ReadAllText(Path.Combine(Initiator().Folder.AppDir(Config.AppName, Config.AppVersion), ClusterImageLayout.AppManifest)), "app.yaml").EnsureSuccess();
}

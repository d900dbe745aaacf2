using Gravity.Cluster.Etcd;
using Gravity.Cluster.Nodes;
using Gravity.Manifest;

namespace Gravity.Cluster.Operations.Expand.Executors;

/// <summary>What every join phase shares: the operation's inputs, the runtime, and how to reach etcd and the peer.</summary>
public sealed record ExpandPhaseContext(ExpandConfig Config, INodeRuntime Runtime, Func<EtcdClientOptions, IClusterStore> EtcdFactory)
{
    public NodeSettings Node => Config.Node;
    public StateFolder Layout => Config.Node.Folder;

    public AppManifest Manifest() => ManifestLoader.Parse(Config.Admission.AppManifestYaml, "app.yaml").EnsureSuccess();

    public Task<JoinPeerClient> ConnectAsync(CancellationToken ct)
        => JoinPeerClient.ConnectAsync(new Uri(Config.Peer), Config.JoinToken, Config.CaPem, ct);

    /// <summary>etcd of the cluster through the members the peer named (the joining node's own member may not be running yet).</summary>
    public IClusterStore ClusterEtcd()
        => EtcdFactory(EtcdClientOptions.Tls(new Uri(Config.Admission.EtcdClientUrls[0]), new Certificates.ClusterPki(Node.StateDir).NodeTls));

    /// <summary>etcd as this node's clients reach it once its services run (its member, or on a regular node its proxy).</summary>
    public IClusterStore LocalEtcd() => EtcdFactory(Node.EtcdOptions());
}

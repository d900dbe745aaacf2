using Gravity.Cluster.Operations.Upgrade;
using Gravity.Cluster.State;

namespace Gravity.Cluster.Tests.Operations.Upgrade;

/// <summary>Upgrade configurations of made-up clusters, for plan tests.</summary>
internal static class UpgradeConfigs
{
    public static ClusterNode Node(string name, bool master) =>
        new(name, "10.0.0." + name[^1], "worker", DateTimeOffset.UnixEpoch, "active", master, StateDir: $"/var/lib/{name}");

    /// <param name="masters">How many masters (node-1 ... node-M, node-1 the leader).</param>
    /// <param name="nodes">How many regular nodes after them.</param>
    public static UpgradeConfig Topology(int masters, int nodes = 0, bool etcdChanges = false, int workers = 1) => new()
    {
        AppName = "telekube", FromVersion = "1.0.0", ToVersion = "2.0.0", HeadDigest = "sha256:00",
        Masters = Enumerable.Range(1, masters).Select(i => Node($"node-{i}", true)).ToList(),
        Nodes = Enumerable.Range(masters + 1, nodes).Select(i => Node($"node-{i}", false)).ToList(),
        EtcdVersionChanges = etcdChanges, ParallelWorkers = workers,
        Initiator = "node-1", InitiatorStateDir = "/var/lib/node-1", Created = new DateTimeOffset(2020, 5, 27, 21, 27, 0, TimeSpan.Zero),
    };
}

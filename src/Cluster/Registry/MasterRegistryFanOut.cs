using Gravity.Cluster.Nodes;
using Gravity.Cluster.State;

namespace Gravity.Cluster.Registry;

/// <summary>
/// The other masters' registries, which `gravity upload` fills after this master's (<see cref="Operations.Upload.ClusterUpload"/>).
/// </summary>
public static class MasterRegistryFanOut
{
    /// <summary>The other masters (regular nodes run no registry).</summary>
    public static IReadOnlyList<ClusterNode> OtherMasters(IEnumerable<ClusterNode> nodes, NodeSettings self)
        => nodes.Where(n => n.Master && n.Name != self.NodeName && RegistryAddressOf(n) != RegistryAddressOf(self.AdvertiseAddr, self.RegistryPort))
            .OrderBy(n => n.Name, StringComparer.Ordinal).ToList();

    /// <summary>host:port of a node's cluster registry as other nodes reach it (it listens on the advertise address).</summary>
    public static string RegistryAddressOf(ClusterNode node) => RegistryAddressOf(node.AdvertiseAddr, node.RegistryPort);

    private static string RegistryAddressOf(string host, int port) => host.Contains(':') ? $"[{host}]:{port}" : $"{host}:{port}";
}

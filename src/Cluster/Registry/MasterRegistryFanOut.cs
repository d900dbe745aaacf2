using Gravity.Cluster.Nodes;
using Gravity.Cluster.State;
using Gravity.Core;

namespace Gravity.Cluster.Registry;

/// <summary>
/// What `gravity upload` imported into this master's registry goes to the registry of every other master recorded in
/// etcd, one after the other. A master that cannot be reached does not stop the others; the upload then fails naming
/// each one that was missed, with what to do about it.
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

    /// <param name="push">Pushes the images to one registry (host:port).</param>
    public static async Task PushAsync(IReadOnlyList<ClusterNode> masters, NodeSettings self, Func<string, CancellationToken, Task> push,
        Action<string>? log = null, CancellationToken ct = default)
    {
        var missed = new List<string>();
        foreach (var master in masters)
        {
            var address = RegistryAddressOf(master);
            log?.Invoke($"pushing to the registry of master {master.Name} at {address}");
            try
            {
                await push(address, ct);
            }
            catch (Exception ex) when ((ex is GravityException or HttpRequestException or IOException) && !ct.IsCancellationRequested)
            {
                missed.Add($"{master.Name} ({address}): {ex.Message}");
            }
        }
        if (missed.Count > 0)
            throw new GravityException($"the images are in this node's registry and in that of {masters.Count - missed.Count} other master(s), but not in that of " +
                $"{string.Join("; ", missed)}. Run gravity upload again once it is reachable, or on that master: " +
                $"gravity registry sync {RegistryAddressOf(self.AdvertiseAddr, self.RegistryPort)}");
    }
}

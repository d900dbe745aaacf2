using Gravity.Core;

namespace Gravity.Cluster.State;

/// <summary>
/// The node a user names (`gravity remove NODE`): by node name, else by advertise address, else by host name. A host
/// name that several nodes share names none of them, so the wrong node is never removed.
/// </summary>
public static class ClusterNodeLookup
{
    public static ClusterNode Find(IReadOnlyList<ClusterNode> nodes, string nodeRef, string clusterName)
    {
        if (nodes.FirstOrDefault(n => n.Name == nodeRef) is { } byName) return byName;
        if (nodes.FirstOrDefault(n => n.AdvertiseAddr == nodeRef) is { } byAddress) return byAddress;
        var byHost = nodes.Where(n => string.Equals(n.HostName, nodeRef, StringComparison.OrdinalIgnoreCase)).ToList();
        return byHost.Count switch
        {
            1 => byHost[0],
            0 => throw new GravityException($"cluster {clusterName} has no node {nodeRef} (nodes: {string.Join(", ", nodes.Select(Describe))})"),
            _ => throw new GravityException($"host name {nodeRef} names {byHost.Count} nodes of cluster {clusterName} ({string.Join(", ", byHost.Select(Describe))}): " +
                                            "name the node by its node name or advertise address"),
        };
    }

    private static string Describe(ClusterNode n) => n.HostName is { } host && host != n.Name ? $"{n.Name} {n.AdvertiseAddr} {host}" : $"{n.Name} {n.AdvertiseAddr}";
}

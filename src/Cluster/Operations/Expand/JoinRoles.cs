using Gravity.Cluster.State;
using Gravity.Manifest;

namespace Gravity.Cluster.Operations.Expand;

/// <summary>
/// Which profile a joining node takes and whether it becomes a master. The role: --role, else the first profile of
/// the installed flavor whose count is not reached yet, else the first profile. Master or regular node, Gravity's
/// rule: the profile's serviceRole ("master"/"node") when set, else its label node-role.kubernetes.io/master: "true"
/// (master) or node-role.kubernetes.io/node: "true" (regular node), else a master while the cluster has fewer than
/// <see cref="MaxMasters"/> (defaults.MaxMasterNodes in gravitational/gravity), a regular node after that.
/// </summary>
public static class JoinRoles
{
    public const int MaxMasters = 3;
    public const string MasterLabel = "node-role.kubernetes.io/master";
    public const string NodeLabel = "node-role.kubernetes.io/node";

    public static NodeProfile Resolve(AppManifest manifest, string? flavorName, string? requested, IReadOnlyList<ClusterNode> nodes)
    {
        var profiles = string.Join(", ", manifest.NodeProfiles.Select(p => p.Name));
        if (manifest.NodeProfiles.Count == 0) throw new JoinRefusedException(JoinRefusal.Invalid, "the application defines no node profiles");
        var flavor = (flavorName is null ? null : manifest.FindFlavor(flavorName)) ?? manifest.DefaultFlavor;
        NodeProfile profile;
        if (requested is not null)
            profile = manifest.FindProfile(requested)
                ?? throw new JoinRefusedException(JoinRefusal.Invalid, $"--role {requested}: the application has no such node profile (profiles: {profiles})");
        else
        {
            var open = flavor?.Nodes.FirstOrDefault(n => nodes.Count(x => x.Role == n.Profile) < n.Count)?.Profile;
            profile = (open is null ? null : manifest.FindProfile(open)) ?? manifest.NodeProfiles[0];
        }
        if (string.Equals(profile.ExpandPolicy, "fixed", StringComparison.OrdinalIgnoreCase))
        {
            var allowed = flavor?.Nodes.Where(n => n.Profile == profile.Name).Sum(n => n.Count) ?? 0;
            var have = nodes.Count(n => n.Role == profile.Name);
            if (have >= allowed)
                throw new JoinRefusedException(JoinRefusal.NotAllowed,
                    $"profile {profile.Name} has expandPolicy: fixed and the cluster has its {allowed} node(s) of it already (flavor {flavor?.Name ?? "none"})");
        }
        return profile;
    }

    public static bool IsMaster(NodeProfile profile, IReadOnlyList<ClusterNode> nodes)
    {
        switch (profile.ServiceRole?.ToLowerInvariant())
        {
            case "master": return true;
            case "node": return false;
        }
        if (Label(profile, MasterLabel)) return true;
        if (Label(profile, NodeLabel)) return false;
        return nodes.Count(n => n.Master) < MaxMasters;
    }

    private static bool Label(NodeProfile profile, string name)
        => profile.Labels.TryGetValue(name, out var value) && string.Equals(value, "true", StringComparison.OrdinalIgnoreCase);
}

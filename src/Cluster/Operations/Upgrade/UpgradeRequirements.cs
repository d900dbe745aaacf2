using System.Globalization;
using Gravity.Cluster.State;
using Gravity.Manifest;
using Gravity.Packaging.ClusterImage;

namespace Gravity.Cluster.Operations.Upgrade;

/// <summary>
/// What the new version asks of the running cluster that its records can answer: every node's profile is still in the
/// new manifest, and each profile's runtime moves Kubernetes forward by at most one minor version and never back (the
/// Kubernetes version skew policy; a larger step needs an intermediate version). Checks that need the machines
/// themselves (disk, kernel) are left to the preflight checks on the nodes.
/// </summary>
public static class UpgradeRequirements
{
    /// <returns>What the cluster does not meet, one line each; empty when nothing.</returns>
    public static IReadOnlyList<string> Unmet(AppManifest next, ClusterImageHead? currentHead, ClusterImageHead? nextHead, IEnumerable<ClusterNode> nodes)
    {
        var problems = new List<string>();
        foreach (var node in nodes)
            if (next.FindProfile(node.Role) is null)
                problems.Add($"node {node.Name} has profile \"{node.Role}\", which version {next.Metadata.ResourceVersion} of {next.Metadata.Name} no longer has " +
                             $"(its profiles: {string.Join(", ", next.NodeProfiles.Select(p => p.Name))})");
        if (currentHead is null || nextHead is null) return problems;
        foreach (var (profile, package) in currentHead.RuntimePackages.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            if (!nextHead.RuntimePackages.TryGetValue(profile, out var nextPackage)) continue;
            if (KubernetesSkew(package.KubernetesVersion, nextPackage.KubernetesVersion) is { } skew)
                problems.Add($"profile {profile}: {skew}");
        }
        return problems;
    }

    /// <returns>Why the runtime cannot go from one Kubernetes to the other in one hop, or null when it can (or a version is not known).</returns>
    public static string? KubernetesSkew(string current, string next)
    {
        if (MinorOf(current) is not { } from || MinorOf(next) is not { } to) return null;
        if (to.Major != from.Major || to.Minor < from.Minor)
            return $"the new runtime's Kubernetes {next} is older than the running {current}: Kubernetes cannot be downgraded";
        if (to.Minor > from.Minor + 1)
            return $"the new runtime's Kubernetes {next} is {to.Minor - from.Minor} minor versions after the running {current}: Kubernetes moves one minor " +
                   $"version per upgrade, so the image must embed the runtime of {from.Major}.{from.Minor + 1} (tele build --upgrade-via)";
        return null;
    }

    private static (int Major, int Minor)? MinorOf(string version)
    {
        var parts = version.TrimStart('v').Split('.');
        return parts.Length >= 2 && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var major)
                                 && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var minor)
            ? (major, minor)
            : null;
    }
}

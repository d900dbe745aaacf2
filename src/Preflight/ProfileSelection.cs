using Gravity.Core;
using Gravity.Manifest;

namespace Gravity.Preflight;

/// <summary>Which node profile this node is checked against: --role names it; else the first profile of --flavor (or the default flavor).</summary>
public static class ProfileSelection
{
    /// <summary>The profile implied by a manifest without nodeProfiles.</summary>
    public static readonly NodeProfile ImpliedNode = new() { Name = "node" };

    public static NodeProfile Select(AppManifest manifest, string? role, string? flavor)
    {
        if (role is not null)
            return manifest.FindProfile(role) ?? (manifest.NodeProfiles.Count == 0 && role == ImpliedNode.Name ? ImpliedNode
                : throw new GravityException($"no node profile '{role}' in the manifest; profiles: {Names(manifest)}"));
        if (manifest.NodeProfiles.Count == 0) return ImpliedNode;
        var chosen = flavor is null
            ? manifest.DefaultFlavor ?? throw new GravityException("the manifest defines no flavor: pass --role PROFILE")
            : manifest.FindFlavor(flavor) ?? throw new GravityException(
                $"no flavor '{flavor}' in the manifest; flavors: {string.Join(", ", manifest.Installer.Flavors.Items.Select(f => f.Name))}");
        var profileName = chosen.Nodes.FirstOrDefault()?.Profile ?? throw new GravityException($"flavor '{chosen.Name}' lists no nodes");
        return manifest.FindProfile(profileName) ?? throw new GravityException($"flavor '{chosen.Name}' names profile '{profileName}', which the manifest does not define");
    }

    private static string Names(AppManifest manifest)
        => manifest.NodeProfiles.Count == 0 ? "(none)" : string.Join(", ", manifest.NodeProfiles.Select(p => p.Name));
}

namespace Gravity.Manifest.Parsing;

/// <summary>With no node profiles and no flavors, a manifest implies one profile "node" and one flavor "default" of one node.</summary>
internal static class ImpliedDefaults
{
    public static AppManifest Apply(AppManifest manifest)
    {
        if (manifest.NodeProfiles.Count > 0 || manifest.Installer.Flavors.Items.Count > 0) return manifest;
        var profile = new NodeProfile { Name = ManifestValues.ImpliedProfileName };
        var flavor = new Flavor
        {
            Name = ManifestValues.ImpliedFlavorName,
            Nodes = [new FlavorNode { Profile = profile.Name, Count = 1 }],
        };
        return manifest with
        {
            NodeProfiles = [profile],
            Installer = manifest.Installer with
            {
                Flavors = manifest.Installer.Flavors with { Items = [flavor], Default = manifest.Installer.Flavors.Default ?? flavor.Name },
            },
        };
    }
}

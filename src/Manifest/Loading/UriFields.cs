using Gravity.Manifest.Parsing;
using YamlDotNet.RepresentationModel;

namespace Gravity.Manifest.Loading;

/// <summary>A URI-loadable field found in the node tree.</summary>
internal sealed record UriField(YamlScalarNode Node, string Path, bool IsImage);

/// <summary>Finds the URI-loadable fields: releaseNotes, logo, installer.eula.source, installer.flavors.description,
/// nodeProfiles[].requirements.customChecks[].script, webConfig, hooks.*.job. Shapes that are wrong are left to the parser
/// to report.</summary>
internal static class UriFields
{
    public static IReadOnlyList<UriField> Find(YamlNode root)
    {
        var found = new List<UriField>();
        if (root is not YamlMappingNode top) return found;
        Add(found, Child(top, "releaseNotes"), "releaseNotes");
        Add(found, Child(top, "logo"), "logo", isImage: true);
        Add(found, Child(top, "webConfig"), "webConfig");
        var installer = Child(top, "installer") as YamlMappingNode;
        Add(found, Child(Child(installer, "eula") as YamlMappingNode, "source"), "installer.eula.source");
        Add(found, Child(Child(installer, "flavors") as YamlMappingNode, "description"), "installer.flavors.description");
        if (Child(top, "nodeProfiles") is YamlSequenceNode profiles)
        {
            for (var p = 0; p < profiles.Children.Count; p++)
            {
                var requirements = Child(profiles.Children[p] as YamlMappingNode, "requirements") as YamlMappingNode;
                if (Child(requirements, "customChecks") is not YamlSequenceNode checks) continue;
                for (var c = 0; c < checks.Children.Count; c++)
                    Add(found, Child(checks.Children[c] as YamlMappingNode, "script"), $"nodeProfiles[{p}].requirements.customChecks[{c}].script");
            }
        }
        if (Child(top, "hooks") is YamlMappingNode hooks)
        {
            foreach (var (key, hook) in hooks.Children)
                Add(found, Child(hook as YamlMappingNode, "job"), $"hooks.{(key as YamlScalarNode)?.Value}.job");
        }
        return found;
    }

    private static YamlNode? Child(YamlMappingNode? node, string key) =>
        node is not null && node.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value : null;

    private static void Add(List<UriField> found, YamlNode? node, string path, bool isImage = false)
    {
        if (node is YamlScalarNode { Value: { } value } scalar && !Scalars.IsNull(scalar) && UriContent.IsUri(value.Trim()))
            found.Add(new UriField(scalar, path, isImage));
    }
}

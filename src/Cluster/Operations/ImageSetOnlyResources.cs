using Gravity.Packaging.ClusterImage;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Gravity.Cluster.Operations;

/// <summary>
/// Tells whether a resource file holds nothing but Gravity ImageSets (cluster.gravitational.io): they only tell tele
/// which images to package, so there is nothing to apply to Kubernetes. Anything else, or unreadable YAML, counts as
/// something to apply.
/// </summary>
public static class ImageSetOnlyResources
{
    private const string ImageSetGroup = "cluster.gravitational.io/";

    public static bool IsImageSetsOnly(string imageDir, string resource)
    {
        var path = Path.Combine(imageDir, ClusterImageLayout.ResourcePath(resource));
        if (!File.Exists(path) || !(resource.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || resource.EndsWith(".yml", StringComparison.OrdinalIgnoreCase)))
            return false;
        try
        {
            using var reader = new StreamReader(path);
            var stream = new YamlStream();
            stream.Load(reader);
            return stream.Documents.All(d => d.RootNode switch
            {
                YamlScalarNode { Value: null or "" } => true,
                YamlMappingNode m => Text(m, "kind") == "ImageSet" && (Text(m, "apiVersion") ?? "").StartsWith(ImageSetGroup, StringComparison.Ordinal),
                _ => false,
            });
        }
        catch (YamlException)
        {
            return false;
        }
    }

    private static string? Text(YamlMappingNode node, string key)
        => node.Children.TryGetValue(new YamlScalarNode(key), out var v) && v is YamlScalarNode s ? s.Value : null;
}

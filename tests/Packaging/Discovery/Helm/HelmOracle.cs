using Gravity.Core.Processes;
using Gravity.Oci;
using YamlDotNet.RepresentationModel;

namespace Gravity.Packaging.Tests.Discovery.Helm;

/// <summary>
/// What the real helm renders, read independently of the code under test: every image of a container list
/// (containers, initContainers, ephemeralContainers) anywhere in the output of <c>helm template</c>.
/// </summary>
internal static class HelmOracle
{
    public static async Task<IReadOnlyList<string>> ImagesAsync(string chartDir, IReadOnlyList<string> valuesFiles, IReadOnlyList<string> sets)
    {
        var args = new List<string> { "template", "oracle", chartDir, "--kube-version", "v1.35.2", "--include-crds" };
        foreach (var v in valuesFiles) args.AddRange(["--values", v]);
        foreach (var s in sets) args.AddRange(["--set", s]);
        var result = await ProcessRunner.RunAsync(RealHelm.Required.Path, args, timeout: TimeSpan.FromMinutes(2));
        if (!result.Succeeded) throw new InvalidOperationException($"helm template {chartDir}: {result.StdErr}");
        var stream = new YamlStream();
        stream.Load(new StringReader(result.StdOut));
        var images = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var doc in stream.Documents) Collect(doc.RootNode, images);
        return images.ToList();
    }

    private static void Collect(YamlNode node, SortedSet<string> images)
    {
        switch (node)
        {
            case YamlMappingNode map:
                foreach (var (key, value) in map.Children)
                {
                    if (key is YamlScalarNode { Value: "containers" or "initContainers" or "ephemeralContainers" } && value is YamlSequenceNode list)
                        foreach (var container in list.Children.OfType<YamlMappingNode>())
                            if (container.Children.TryGetValue(new YamlScalarNode("image"), out var image) && image is YamlScalarNode { Value: { Length: > 0 } text })
                                images.Add(ImageReference.Parse(text).ToString());
                    Collect(value, images);
                }
                break;
            case YamlSequenceNode seq:
                foreach (var child in seq.Children) Collect(child, images);
                break;
        }
    }
}

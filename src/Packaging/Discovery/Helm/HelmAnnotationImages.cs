using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Gravity.Packaging.Discovery.Helm;

/// <summary>
/// Images listed in Chart.yaml annotations <c>helm.sh/images</c> and <c>artifacthub.io/images</c>: each a YAML list
/// of <c>{name, image}</c> held in a string.
/// </summary>
internal static class HelmAnnotationImages
{
    public static readonly string[] Annotations = ["helm.sh/images", "artifacthub.io/images"];

    public static void Scan(HelmChart chart, ImageCollector collector)
    {
        foreach (var annotation in Annotations)
        {
            if (chart.Metadata.Child("annotations").Child(annotation) is not YamlScalarNode { Value: { Length: > 0 } text } node)
                continue;
            // Lines inside a block scalar count from the line after its indicator.
            var offset = node.Style is ScalarStyle.Literal or ScalarStyle.Folded ? (int)node.Start.Line : (int)node.Start.Line - 1;
            var single = node.Style is not (ScalarStyle.Literal or ScalarStyle.Folded);
            if (!YamlText.TryLoad(text, chart.ChartFile, offset, out var docs, out var error))
            {
                collector.AddError(error! with { Message = $"annotation {annotation}: {error!.Message}" });
                continue;
            }
            var list = docs.Count > 0 ? docs[0].RootNode : null;
            if (list is not YamlSequenceNode)
            {
                collector.AddError(new DiscoveryError(chart.ChartFile, (int)node.Start.Line, (int)node.Start.Column,
                    $"annotation {annotation}: expected a list of {{name, image}}"));
                continue;
            }
            foreach (var (entry, i) in list.Items())
            {
                if (entry.Child("image") is not YamlScalarNode { Value: { Length: > 0 } image } imageNode) continue;
                var line = single ? (int)node.Start.Line : (int)imageNode.Start.Line + offset;
                collector.Add(image, chart.ChartFile, line, single ? (int)node.Start.Column : (int)imageNode.Start.Column,
                    $"Helm chart {chart.Name}: annotation {annotation}[{i}]");
            }
        }
    }
}

using YamlDotNet.RepresentationModel;

namespace Gravity.Packaging.Discovery;

/// <summary>Collects the images of raw Kubernetes YAML text (one file, or a job embedded in the manifest).</summary>
internal static class ResourceScanner
{
    /// <param name="file">Reported as the source.</param>
    /// <param name="lineOffset">Added to every line: the text may start inside another file.</param>
    /// <param name="columnOffset">Added to every column (the text's indentation inside another file).</param>
    /// <param name="originPrefix">Prepended to every origin (e.g. <c>hooks.install.job</c>).</param>
    public static void Scan(string text, string file, int lineOffset, int columnOffset, string originPrefix, ImageCollector collector)
    {
        if (!YamlText.TryLoad(text, file, lineOffset, out var documents, out var error))
        {
            collector.AddError(error!);
            return;
        }
        foreach (var document in documents)
            foreach (var field in KubernetesImageFields.Find(document.RootNode))
                Collect(field, file, lineOffset, columnOffset, originPrefix, collector);
    }

    private static void Collect(ImageField field, string file, int lineOffset, int columnOffset, string originPrefix, ImageCollector collector)
    {
        var line = (int)field.Node.Start.Line + lineOffset;
        var column = (int)field.Node.Start.Column + columnOffset;
        var origin = originPrefix + field.Origin;
        if (field.Node is YamlScalarNode { Value: { } value })
            collector.Add(value, file, line, column, origin);
        else
            collector.AddError(new DiscoveryError(file, line, column, $"{origin}: an image must be a string"));
    }
}

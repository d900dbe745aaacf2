using System.Text.Json.Nodes;
using Gravity.Core;
using Gravity.Manifest;
using YamlDotNet.RepresentationModel;

namespace Gravity.Kubernetes;

/// <summary>
/// Reads the application's Kubernetes resource files (YAML, several documents each) into objects, under the
/// manifest's YAML limits. `kind: List` is opened into its items; ImageSets (tele's, never applied) and empty
/// documents are left out. An object without apiVersion, kind or metadata.name is an error naming its file and line.
/// </summary>
public static class ApplicationObjectReader
{
    public static readonly IReadOnlySet<string> NotApplied = new HashSet<string>(StringComparer.Ordinal) { "ImageSet" };

    public static IReadOnlyList<ApplicationObject> Read(string text, string file)
    {
        var result = new List<ApplicationObject>();
        foreach (var document in LimitedYamlReader.ReadDocuments(text, file))
            Add(document, file, result);
        return result;
    }

    public static async Task<IReadOnlyList<ApplicationObject>> ReadFileAsync(string path, string displayName, CancellationToken ct)
    {
        var info = new FileInfo(path);
        if (info.Length > ManifestLimits.MaxDocumentBytes) throw new GravityException($"{displayName}: larger than {ManifestLimits.MaxDocumentBytes} bytes");
        return Read(await File.ReadAllTextAsync(path, ct), displayName);
    }

    private static void Add(YamlNode node, string file, List<ApplicationObject> result)
    {
        var line = (int)node.Start.Line;
        if (YamlToJson.Convert(node) is not JsonObject body)
            throw new GravityException($"{file}:{line}: a Kubernetes object is a mapping with apiVersion, kind and metadata");
        var kind = (string?)body["kind"];
        if (kind is "List" && node is YamlMappingNode list && list.Children.TryGetValue(new YamlScalarNode("items"), out var items) && items is YamlSequenceNode seq)
        {
            foreach (var item in seq.Children) Add(item, file, result);
            return;
        }
        if (kind is not null && NotApplied.Contains(kind)) return;
        var o = new ApplicationObject(file, line, body);
        if (o.ApiVersion.Length == 0) throw new GravityException($"{o.Where}: apiVersion: missing");
        if (o.Kind.Length == 0) throw new GravityException($"{o.Where}: kind: missing");
        if (o.Name.Length == 0) throw new GravityException($"{o.Where}: metadata.name: missing (generateName is not supported for applied objects)");
        result.Add(o);
    }
}

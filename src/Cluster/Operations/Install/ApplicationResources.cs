using Gravity.Core;
using Gravity.Kubernetes;
using Gravity.Manifest;
using Gravity.Packaging.ClusterImage;
using YamlDotNet.RepresentationModel;

namespace Gravity.Cluster.Operations.Install;

/// <summary>
/// What /app applies of the image's resources (everything that sat beside app.yaml at build time): the Kubernetes
/// objects of its YAML and JSON files, and its Helm charts (folders with a Chart.yaml; nested charts go with their
/// parent). Left out, and said so: files of another kind (scripts, images), files none of whose documents is a
/// Kubernetes object (a values or config file), a file that is a hook's job (inlined from file://, it runs as that
/// hook) and ImageSets (tele's only).
/// </summary>
public sealed record ApplicationResources(IReadOnlyList<ApplicationObject> Objects, IReadOnlyList<string> Charts, IReadOnlyList<string> LeftOut)
{
    private static readonly string[] ObjectFileExtensions = [".yaml", ".yml", ".json"];

    public static async Task<ApplicationResources> ReadAsync(UnpackedClusterImage image, CancellationToken ct)
    {
        var resources = image.Head.Resources;
        var chartDirs = resources.Where(r => Path.GetFileName(r) == "Chart.yaml").Select(r => Path.GetDirectoryName(r)!.Replace('\\', '/')).ToList();
        bool Inside(string path, string dir) => dir.Length == 0 || path.StartsWith(dir + "/", StringComparison.Ordinal);
        var charts = chartDirs.Where(c => !chartDirs.Any(other => other != c && Inside(c, other))).Order(StringComparer.Ordinal).ToList();
        var hookJobs = image.Manifest.Hooks.GroupBy(h => h.Value.Job.Trim(), StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().Key, StringComparer.Ordinal);

        var objects = new List<ApplicationObject>();
        var leftOut = new List<string>();
        foreach (var resource in resources)
        {
            if (charts.Any(c => Inside(resource, c))) continue;
            if (!ObjectFileExtensions.Any(e => resource.EndsWith(e, StringComparison.OrdinalIgnoreCase)))
            {
                leftOut.Add($"{resource} (not a YAML or JSON file)");
                continue;
            }
            var path = Path.Combine(image.Dir, ClusterImageLayout.ResourcePath(resource));
            var info = new FileInfo(path);
            if (info.Length > ManifestLimits.MaxDocumentBytes) throw new GravityException($"{resource}: larger than {ManifestLimits.MaxDocumentBytes} bytes");
            var text = await File.ReadAllTextAsync(path, ct);
            if (hookJobs.TryGetValue(text.Trim(), out var hook))
            {
                leftOut.Add($"{resource} (the job of the {hook} hook)");
                continue;
            }
            if (!HoldsKubernetesObjects(text, resource))
            {
                leftOut.Add($"{resource} (no document of it has an apiVersion and a kind)");
                continue;
            }
            var read = ApplicationObjectReader.Read(text, resource);
            if (read.Count == 0) leftOut.Add($"{resource} (only ImageSets)");
            objects.AddRange(read);
        }
        return new ApplicationResources(objects, charts, leftOut);
    }

    private static bool HoldsKubernetesObjects(string text, string file) =>
        LimitedYamlReader.ReadDocuments(text, file).Any(d => d is YamlMappingNode m
            && m.Children.ContainsKey(new YamlScalarNode("apiVersion")) && m.Children.ContainsKey(new YamlScalarNode("kind")));
}

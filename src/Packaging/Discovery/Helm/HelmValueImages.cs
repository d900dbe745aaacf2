namespace Gravity.Packaging.Discovery.Helm;

/// <summary>
/// Images named by chart values in the common conventions:
/// <c>image: {registry, repository, tag, digest}</c> (or <c>name</c> for <c>repository</c>; the registry replaced by <c>global.imageRegistry</c> when set,
/// an empty tag meaning the chart's appVersion, a digest taking precedence over the tag) and <c>image: "ref"</c>
/// (any key <c>image</c> or <c>somethingImage</c> holding a string).
/// </summary>
internal static class HelmValueImages
{
    public static void Scan(HelmChart chart, HelmMap values, IReadOnlySet<string> subchartKeys, ImageCollector collector)
    {
        var globalRegistry = (values["global"] as HelmMap)?.Text("imageRegistry");
        var scan = new Scanner(chart, globalRegistry, collector);
        foreach (var (key, value) in values.Entries)
            if (!subchartKeys.Contains(key))   // a subchart's values are read with the subchart (its appVersion)
                scan.Visit(key, key, value);
    }

    private sealed class Scanner(HelmChart chart, string? globalRegistry, ImageCollector collector)
    {
        public void Visit(string key, string path, HelmValue value)
        {
            switch (value)
            {
                case HelmMap map:
                    if (LooksLikeImageMap(key, map)) AddImageMap(key, path, map);
                    foreach (var (childKey, child) in map.Entries) Visit(childKey, $"{path}.{childKey}", child);
                    break;
                case HelmList list:
                    for (var i = 0; i < list.Items.Count; i++) Visit(key, $"{path}[{i}]", list.Items[i]);
                    break;
                case HelmScalar { Text: { Length: > 0 } text } scalar when IsImageKey(key) && !path.EndsWith(']') && !text.Contains("{{"):
                    collector.Add(text, scalar.File, scalar.Line, 0, $"Helm chart {chart.Name}: values {path}");
                    break;
            }
        }

        private static bool IsImageKey(string key)
            => key == "image" || (key.Length > 5 && key.EndsWith("Image", StringComparison.Ordinal));

        private static bool LooksLikeImageMap(string key, HelmMap map)
            => RepositoryKey(key, map) is { } repositoryKey && !map.Text(repositoryKey)!.Contains("{{")
               && (key.Contains("image", StringComparison.OrdinalIgnoreCase)
                   || map["tag"] is not null || map["digest"] is not null || map["registry"] is not null);

        /// <summary><c>repository</c>, or <c>name</c> in a map that is clearly an image (<c>image: {name, tag}</c>).</summary>
        private static string? RepositoryKey(string key, HelmMap map)
            => map.Text("repository") is not null ? "repository"
                : IsImageKey(key) && map.Text("name") is not null && (map["tag"] ?? map["digest"] ?? map["registry"]) is not null ? "name"
                : null;

        private void AddImageMap(string key, string path, HelmMap map)
        {
            var repositoryKey = RepositoryKey(key, map)!;
            var repository = map.Text(repositoryKey)!;
            var registry = globalRegistry ?? map.Text("registry");
            var reference = registry is null ? repository : $"{registry.TrimEnd('/')}/{repository}";
            var lastSegment = repository[(repository.LastIndexOf('/') + 1)..];
            var alreadyPinned = lastSegment.Contains(':') || repository.Contains('@');
            if (!alreadyPinned)
            {
                if (map.Text("digest") is { } digest) reference += "@" + digest;
                else if ((map.Text("tag") ?? chart.AppVersion) is { Length: > 0 } tag) reference += ":" + tag;
            }
            var source = map[repositoryKey]!;
            collector.Add(reference, source.File, source.Line, 0, $"Helm chart {chart.Name}: values {path}");
        }
    }
}

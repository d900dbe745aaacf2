using System.Globalization;
using Gravity.Cluster.State;
using Gravity.Core;
using Gravity.Manifest;
using YamlDotNet.RepresentationModel;

namespace Gravity.Cluster.Resources;

/// <summary>
/// Reads the resource files of `gravity resource create`: one or more YAML documents, each with `kind`, `version` (v2),
/// `metadata` and `spec`, Gravity's resource shape. Supported kinds: token (a join token). Every error names the file,
/// the line and the field; unknown fields are errors, not ignored, so that a typo does not create the wrong thing.
/// </summary>
public static class ClusterResourceFile
{
    public const int MaxFileBytes = 1 << 20;
    public static readonly IReadOnlyList<string> SupportedKinds = ["token"];

    public static IReadOnlyList<JoinTokenResource> Parse(string text, string file)
    {
        if (text.Length > MaxFileBytes) throw new GravityException($"{file}: a resource file has at most {MaxFileBytes} bytes");
        // Editors on Windows write a byte order mark, which would become part of the first key.
        var documents = LimitedYamlReader.ReadDocuments(text.TrimStart('\uFEFF'), file);
        if (documents.Count == 0) throw new GravityException($"{file}: no resource in the file");
        var resources = new List<JoinTokenResource>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var document in documents)
        {
            var resource = ParseDocument(document, file);
            // Checked here for the whole file, before any token is created: a bad later document must not leave the
            // earlier ones created, which would make the corrected file fail on them.
            if (resource.Token is { } name && (!JoinTokenStore.IsWellFormed(name) || !names.Add(name)))
            {
                var at = Mapping(Child(Mapping(document, file, ""), "metadata")!, file, "metadata").Children[new YamlScalarNode("name")];
                throw Error(file, at, "metadata.name", JoinTokenStore.IsWellFormed(name) ? "the file has this token twice" : JoinTokenStore.FormatRule);
            }
            resources.Add(resource);
        }
        return resources;
    }

    private static JoinTokenResource ParseDocument(YamlNode node, string file)
    {
        var root = Mapping(node, file, "");
        Only(root, file, "", "kind", "version", "metadata", "spec");
        var kind = Scalar(root, file, "kind") ?? throw Error(file, root, "kind", $"missing (supported: {string.Join(", ", SupportedKinds)})");
        if (!string.Equals(kind, "token", StringComparison.OrdinalIgnoreCase))
            throw Error(file, root.Children[new YamlScalarNode("kind")], "kind", $"\"{kind}\" is not supported here (supported: {string.Join(", ", SupportedKinds)})");
        if (Scalar(root, file, "version") is { } version && version != "v2")
            throw Error(file, root.Children[new YamlScalarNode("version")], "version", $"\"{version}\": expected v2");

        string? token = null, description = null;
        DateTimeOffset? expires = null;
        if (Child(root, "metadata") is { } metaNode)
        {
            var metadata = Mapping(metaNode, file, "metadata");
            Only(metadata, file, "metadata", "name", "expires", "description");
            token = Scalar(metadata, file, "name", "metadata.");
            description = Scalar(metadata, file, "description", "metadata.");
            if (Scalar(metadata, file, "expires", "metadata.") is { } text)
                expires = DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)
                    ? at
                    : throw Error(file, metadata.Children[new YamlScalarNode("expires")], "metadata.expires", $"\"{text}\": expected a time like 2026-12-31T23:59:59Z");
        }
        if (Child(root, "spec") is { } specNode && !IsEmpty(specNode))
        {
            var spec = Mapping(specNode, file, "spec");
            Only(spec, file, "spec", "description");
            description = Scalar(spec, file, "description", "spec.") ?? description;
        }
        return new JoinTokenResource(token, expires, description, $"{file}:{node.Start.Line}");
    }

    private static YamlNode? Child(YamlMappingNode map, string key) => map.Children.TryGetValue(new YamlScalarNode(key), out var v) ? v : null;

    private static bool IsEmpty(YamlNode node) => node is YamlScalarNode { Value: null or "" or "~" or "null" };

    private static YamlMappingNode Mapping(YamlNode node, string file, string field)
        => node as YamlMappingNode ?? throw Error(file, node, field, "expected a mapping");

    private static string? Scalar(YamlMappingNode map, string file, string key, string prefix = "")
    {
        if (Child(map, key) is not { } value || IsEmpty(value)) return null;
        return value is YamlScalarNode s ? s.Value : throw Error(file, value, prefix + key, "expected a single value");
    }

    private static void Only(YamlMappingNode map, string file, string field, params string[] allowed)
    {
        foreach (var key in map.Children.Keys)
            if (key is not YamlScalarNode { Value: { } name } || !allowed.Contains(name))
                throw Error(file, key, field.Length == 0 ? $"{key}" : $"{field}.{key}", $"unknown field (expected {string.Join(", ", allowed)})");
    }

    private static GravityException Error(string file, YamlNode at, string field, string message)
        => new(new ManifestError(file, (int)at.Start.Line, (int)at.Start.Column, field, message).ToString());
}

using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Gravity.Packaging.Discovery;

/// <summary>
/// Positions of image-bearing fields in the manifest file as written (before URIs were inlined), so that images found
/// in the manifest can be reported with a line. Every position is optional: a manifest given without a readable file
/// still works, with line 0.
/// </summary>
internal sealed class ManifestLocations
{
    private readonly YamlNode? _root;
    private readonly string[] _lines;
    private readonly string _manifestFile;
    private readonly string _buildDir;

    private ManifestLocations(YamlNode? root, string[] lines, string manifestFile, string buildDir)
    {
        _root = root;
        _lines = lines;
        _manifestFile = manifestFile;
        _buildDir = buildDir;
    }

    public static ManifestLocations Load(string buildDir, string manifestFile)
    {
        var path = Path.GetFullPath(manifestFile, Path.GetFullPath(buildDir));
        YamlNode? root = null;
        var text = File.Exists(path) ? File.ReadAllText(path) : "";
        if (YamlText.TryLoad(text, manifestFile, 0, out var docs, out _) && docs.Count > 0)
            root = docs[0].RootNode;
        return new ManifestLocations(root, text.Split('\n'), ResourceFiles.ToRelative(buildDir, path), buildDir);
    }

    public string ManifestFile => _manifestFile;

    public (int Line, int Column) BaseImage => PositionOf(_root.Child("baseImage"));

    public (int Line, int Column) SystemBaseImage => PositionOf(_root.Child("systemOptions").Child("baseImage"));

    public (int Line, int Column) ProfileBaseImage(int profile)
        => PositionOf(_root.Child("nodeProfiles") is YamlSequenceNode seq && profile < seq.Children.Count
            ? seq.Children[profile].Child("systemOptions").Child("baseImage")
            : null);

    /// <summary>The file a hook job's text came from, the line offset of its first line and the indentation of its lines.</summary>
    public (string File, int LineOffset, int ColumnOffset) HookJob(string hook)
    {
        var node = _root.Child("hooks").Child(hook).Child("job");
        if (node is not YamlScalarNode { Value: { } value } scalar) return (_manifestFile, 0, 0);
        if (value.StartsWith("file://", StringComparison.Ordinal))
        {
            var target = value["file://".Length..];
            var manifestDir = Path.GetDirectoryName(Path.GetFullPath(_manifestFile, Path.GetFullPath(_buildDir)))!;
            var full = target.StartsWith('/') ? target : Path.GetFullPath(target, manifestDir);
            var relative = ResourceFiles.ToRelative(_buildDir, full);
            return (relative.StartsWith("../", StringComparison.Ordinal) ? full : relative, 0, 0);
        }
        if (value.StartsWith("http://", StringComparison.Ordinal) || value.StartsWith("https://", StringComparison.Ordinal))
            return (value, 0, 0);
        // A block scalar's content starts on the line after its indicator, indented; a flow scalar's on its own line.
        if (scalar.Style is not (ScalarStyle.Literal or ScalarStyle.Folded)) return (_manifestFile, (int)scalar.Start.Line - 1, 0);
        var firstLine = _lines.Skip((int)scalar.Start.Line).FirstOrDefault(l => l.Trim().Length > 0) ?? "";
        return (_manifestFile, (int)scalar.Start.Line, firstLine.Length - firstLine.TrimStart(' ').Length);
    }

    private static (int Line, int Column) PositionOf(YamlNode? node) => node is null ? (0, 0) : ((int)node.Start.Line, (int)node.Start.Column);
}

using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Gravity.Manifest.Parsing;

/// <summary>Collects every error of one manifest file and remembers where each field sits, so that checks made after
/// parsing (cross references) can still point at a line and column.</summary>
internal sealed class ParseContext(string file, IReadOnlySet<YamlNode>? unresolved = null)
{
    private readonly Dictionary<string, YamlNode> _nodes = new(StringComparer.Ordinal);

    public string File { get; } = file;
    public List<ManifestError> Errors { get; } = [];

    /// <summary>Nodes already reported (undefined variable, URI that could not be loaded): later checks skip them so one
    /// mistake gives one error.</summary>
    public bool IsUnresolved(YamlNode node) => unresolved?.Contains(node) == true;

    public void Remember(string path, YamlNode node) => _nodes.TryAdd(path, node);

    public void Error(YamlNode node, string path, string message)
    {
        if (!IsUnresolved(node)) Add(node.Start, path, message);
    }

    /// <summary>An error at the remembered position of <paramref name="path"/>, or of its nearest known ancestor.</summary>
    public void Error(string path, string message)
    {
        for (var p = path; ; p = FieldPath.Parent(p))
        {
            if (_nodes.TryGetValue(p, out var node))
            {
                if (p != path || !IsUnresolved(node)) Add(node.Start, path, message);
                return;
            }
            if (p.Length == 0) { Errors.Add(new ManifestError(File, 1, 1, path, message)); return; }
        }
    }

    public Mark? PositionOf(string path) => _nodes.TryGetValue(path, out var node) ? node.Start : null;

    private void Add(Mark mark, string path, string message) =>
        Errors.Add(new ManifestError(File, (int)mark.Line, (int)mark.Column, path, message));
}

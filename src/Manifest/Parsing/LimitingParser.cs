using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Gravity.Manifest.Parsing;

/// <summary>
/// Passes YamlDotNet's events through while measuring the document as if every alias were expanded, and throws a
/// <see cref="YamlLimitException"/> at the first event that goes past a limit. The node tree is built from these events
/// recursively, so the depth check has to happen here, before the builder descends: a stack overflow cannot be caught.
/// An alias must name an anchor that is complete before it: this refuses self-references (<c>a: &amp;x {&lt;&lt;: *x}</c>)
/// and forward references, which would make the tree a cycle.
/// </summary>
internal sealed class LimitingParser(IParser inner) : IParser
{
    private sealed class Frame(string? anchor)
    {
        public string? Anchor { get; } = anchor;
        public long Nodes;
        public long Chars;
        public int Height;
    }

    private readonly record struct Size(long Nodes, long Chars, int Height);

    private readonly Stack<Frame> _open = new();
    // Complete anchors by name; a name whose node is still open maps to null.
    private readonly Dictionary<string, Size?> _anchors = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Frame> _openAnchorOwner = new(StringComparer.Ordinal);
    private long _nodes;
    private long _chars;
    private int _aliases;

    public ParsingEvent? Current => inner.Current;

    public bool MoveNext()
    {
        if (!inner.MoveNext()) return false;
        switch (inner.Current)
        {
            case Scalar scalar:
                var size = new Size(1, scalar.Value.Length, 1);
                if (!scalar.Anchor.IsEmpty)
                {
                    _anchors[scalar.Anchor.Value] = size;
                    _openAnchorOwner.Remove(scalar.Anchor.Value); // a later definition wins over an enclosing one
                }
                Count(size.Nodes, size.Chars, scalar.Start);
                AddToParent(size);
                break;
            case AnchorAlias alias:
                Alias(alias);
                break;
            case SequenceStart or MappingStart:
                var start = (NodeEvent)inner.Current;
                if (_open.Count + 1 > ManifestLimits.MaxDepth)
                    throw new YamlLimitException(start.Start, $"mappings and lists are nested more than {ManifestLimits.MaxDepth} deep");
                var frame = new Frame(start.Anchor.IsEmpty ? null : start.Anchor.Value);
                if (frame.Anchor is { } name)
                {
                    _anchors[name] = null;
                    _openAnchorOwner[name] = frame;
                }
                _open.Push(frame);
                break;
            case SequenceEnd or MappingEnd:
                var done = _open.Pop();
                var total = new Size(1 + done.Nodes, done.Chars, 1 + done.Height);
                if (done.Anchor is { } anchor && _openAnchorOwner.TryGetValue(anchor, out var owner) && owner == done)
                {
                    _openAnchorOwner.Remove(anchor);
                    _anchors[anchor] = total;
                }
                Count(1, 0, inner.Current.Start);
                AddToParent(total);
                break;
            case DocumentEnd:
                _anchors.Clear(); // anchors do not carry over to the next document
                break;
        }
        return true;
    }

    private void Alias(AnchorAlias alias)
    {
        var name = alias.Value.Value;
        if (++_aliases > ManifestLimits.MaxAliases)
            throw new YamlLimitException(alias.Start, $"more than {ManifestLimits.MaxAliases} aliases");
        if (!_anchors.TryGetValue(name, out var target))
            throw new YamlLimitException(alias.Start, $"alias *{name} names no anchor &{name} defined before it");
        if (target is not { } size)
            throw new YamlLimitException(alias.Start, $"alias *{name} refers to the node that contains it (&{name})");
        if (_open.Count + size.Height > ManifestLimits.MaxDepth)
            throw new YamlLimitException(alias.Start, $"alias *{name} nests mappings and lists more than {ManifestLimits.MaxDepth} deep");
        Count(size.Nodes, size.Chars, alias.Start);
        AddToParent(size);
    }

    private void Count(long nodes, long chars, Mark at)
    {
        _nodes += nodes;
        _chars += chars;
        if (_nodes > ManifestLimits.MaxExpandedNodes)
            throw new YamlLimitException(at, $"the manifest has more than {ManifestLimits.MaxExpandedNodes} values with its aliases expanded");
        if (_chars > ManifestLimits.MaxExpandedScalarChars)
            throw new YamlLimitException(at, $"the manifest has more than {ManifestLimits.MaxExpandedScalarChars} characters of text with its aliases expanded");
    }

    private void AddToParent(Size size)
    {
        if (!_open.TryPeek(out var parent)) return;
        parent.Nodes += size.Nodes;
        parent.Chars += size.Chars;
        parent.Height = Math.Max(parent.Height, size.Height);
    }
}

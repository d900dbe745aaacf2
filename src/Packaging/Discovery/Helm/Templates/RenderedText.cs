using System.Text;

namespace Gravity.Packaging.Discovery.Helm.Templates;

/// <summary>Rendered output that remembers which template line produced each part of it.</summary>
internal sealed class RenderedText
{
    private readonly StringBuilder _text = new();
    private readonly List<(int Offset, string File, int Line, bool Literal)> _origins = [];

    public int Length => _text.Length;

    public void AppendLiteral(string text, string file, int line)
    {
        _origins.Add((_text.Length, file, line, true));
        _text.Append(text);
    }

    public void AppendValue(string text, string file, int line)
    {
        _origins.Add((_text.Length, file, line, false));
        _text.Append(text);
    }

    /// <summary>The template file and line that produced the character at <paramref name="offset"/>.</summary>
    public (string File, int Line) OriginOf(int offset)
    {
        var lo = 0;
        var hi = _origins.Count - 1;
        var found = -1;
        while (lo <= hi)
        {
            var mid = (lo + hi) / 2;
            if (_origins[mid].Offset <= offset) { found = mid; lo = mid + 1; }
            else hi = mid - 1;
        }
        if (found < 0) return ("", 0);
        var origin = _origins[found];
        if (!origin.Literal) return (origin.File, origin.Line);
        var newlines = 0;
        for (var i = origin.Offset; i < offset && i < _text.Length; i++) if (_text[i] == '\n') newlines++;
        return (origin.File, origin.Line + newlines);
    }

    public override string ToString() => _text.ToString();
}

using System.Text;

namespace Gravity.Packaging.Discovery;

/// <summary>A replacement of the characters [Start, End) of a text.</summary>
internal readonly record struct TextEdit(int Start, int End, string Replacement)
{
    /// <summary>Applies non-overlapping edits; an edit overlapping an earlier one is dropped.</summary>
    public static string Apply(string text, IEnumerable<TextEdit> edits)
    {
        var output = new StringBuilder(text.Length + 64);
        var position = 0;
        foreach (var edit in edits.OrderBy(e => e.Start))
        {
            if (edit.Start < position) continue;
            output.Append(text, position, edit.Start - position).Append(edit.Replacement);
            position = edit.End;
        }
        return output.Append(text, position, text.Length - position).ToString();
    }
}

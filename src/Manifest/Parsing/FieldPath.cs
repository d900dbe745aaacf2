namespace Gravity.Manifest.Parsing;

/// <summary>Builds and takes apart field paths such as <c>nodeProfiles[1].requirements.ram.min</c>.</summary>
internal static class FieldPath
{
    public static string Field(string parent, string name) => parent.Length == 0 ? name : $"{parent}.{name}";

    public static string Index(string parent, int index) => $"{parent}[{index}]";

    /// <summary>The enclosing path ("a.b[2]" -> "a.b", "a.b" -> "a", "a" -> "").</summary>
    public static string Parent(string path)
    {
        if (path.EndsWith(']'))
        {
            var open = path.LastIndexOf('[');
            if (open >= 0) return path[..open];
        }
        var dot = path.LastIndexOf('.');
        return dot < 0 ? "" : path[..dot];
    }
}

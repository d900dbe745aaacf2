namespace Gravity.Packaging.Discovery.Helm.Rendering;

internal static class HelmOutput
{
    private const int MaxMessageChars = 4000;

    /// <summary>helm's message for a user: its output trimmed, the end kept when long (where the error is).</summary>
    public static string Tail(string output)
    {
        var text = output.Trim();
        return text.Length <= MaxMessageChars ? text : "..." + text[^MaxMessageChars..];
    }
}

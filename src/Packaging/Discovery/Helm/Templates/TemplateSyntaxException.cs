namespace Gravity.Packaging.Discovery.Helm.Templates;

/// <summary>A template that does not parse, with where (helm would refuse it too).</summary>
internal sealed class TemplateSyntaxException(string file, int line, string message) : Exception(message)
{
    public string File { get; } = file;
    public int Line { get; } = line;
}

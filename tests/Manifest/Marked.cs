namespace Gravity.Manifest.Tests;

/// <summary>Test YAML with a » marking where an error must be reported.</summary>
internal static class Marked
{
    public const char Marker = '»';

    public const string Header = """
        apiVersion: bundle.gravitational.io/v2
        kind: Bundle
        metadata:
          name: app
          resourceVersion: 1.0.0

        """;

    /// <summary>A valid flavor for the profile named "node".</summary>
    public const string NodeFlavor = """
        installer:
          flavors:
            items:
              - name: one
                nodes:
                  - profile: node
                    count: 1

        """;

    public static string Indent(string text, int spaces) =>
        string.Join("\n", text.Replace("\r\n", "\n").Split('\n').Select(l => l.Length == 0 ? l : new string(' ', spaces) + l));

    /// <summary>The text without the marker, and the 1-based line and column where the marker was.</summary>
    public static (string Yaml, int Line, int Column) Strip(string text)
    {
        text = text.Replace("\r\n", "\n");
        var index = text.IndexOf(Marker);
        if (index < 0) throw new ArgumentException("no marker in the test YAML");
        var before = text[..index];
        var line = before.Count(c => c == '\n') + 1;
        var column = index - (before.LastIndexOf('\n') + 1) + 1;
        return (text.Remove(index, 1), line, column);
    }

    /// <summary>Parses the marked YAML and asserts an error at the marker for <paramref name="path"/> whose message
    /// holds <paramref name="fragment"/>; returns the result for further checks.</summary>
    public static ManifestLoadResult ShouldReport(string marked, string path, string fragment)
    {
        var (yaml, line, column) = Strip(marked);
        var result = ManifestLoader.Parse(yaml, "app.yaml");
        result.Succeeded.Should().BeFalse();
        result.Manifest.Should().BeNull();
        result.Errors.Should().Contain(
            e => e.File == "app.yaml" && e.Line == line && e.Column == column && e.FieldPath == path && e.Message.Contains(fragment),
            $"expected app.yaml:{line}:{column}: {path}: ...{fragment}... among:\n{result.ErrorText}");
        result.ErrorText.Should().Contain(path.Length == 0 ? $"app.yaml:{line}:{column}: " : $"app.yaml:{line}:{column}: {path}: ");
        return result;
    }
}

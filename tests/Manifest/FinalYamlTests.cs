using Gravity.Testing;

namespace Gravity.Manifest.Tests;

/// <summary>Whatever the inlined content, the final YAML parses back to the same values.</summary>
public sealed class FinalYamlTests : IDisposable
{
    private readonly TempDir _dir = new("gravity-final-yaml");

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData("plain text")]
    [InlineData("line one\nline two\n")]
    [InlineData("windows\r\nline endings\r\n")]
    [InlineData("  indented first line\nsecond\n")]
    [InlineData("trailing spaces   \nnext\n")]
    [InlineData("tab\tinside\n")]
    [InlineData("\n\nstarts with blank lines\n")]
    [InlineData("ends with blank lines\n\n\n")]
    [InlineData("unicode ✓ é ü\n")]
    [InlineData("# looks like a comment\n- looks like a list\nkey: value\n")]
    [InlineData("\"quoted\" and 'single' and ${not a var}\n")]
    [InlineData("control \u0001 char\n")]
    [InlineData("true")]
    [InlineData("123")]
    public async Task Inlined_content_survives_the_round_trip(string content)
    {
        File.WriteAllText(_dir.Combine("notes.txt"), content);
        File.WriteAllText(_dir.Combine("app.yaml"), Marked.Header + "releaseNotes: file://notes.txt\ninstaller:\n  eula:\n    source: file://notes.txt\n");
        var result = await ManifestLoader.LoadFileAsync(_dir.Combine("app.yaml"), Fixtures.NoEnvironment);
        result.ErrorText.Should().BeEmpty();
        result.Manifest!.ReleaseNotes.Should().Be(content);
        var again = ManifestLoader.Parse(result.FinalYaml!, "app.yaml");
        again.ErrorText.Should().BeEmpty();
        again.Manifest!.ReleaseNotes.Should().Be(content);
        again.Manifest.Installer.Eula!.Source.Should().Be(content);
    }

    [Fact]
    public void Parse_re_emits_the_document_unchanged_in_meaning()
    {
        var yaml = Marked.Header + "endpoints:\n  - name: web # comment\n    selector: {app: web}\n";
        var result = ManifestLoader.Parse(yaml, "app.yaml");
        result.FinalYaml.Should().NotContain("comment").And.NotEndWith("...\n");
        ManifestLoader.Parse(result.FinalYaml!, "app.yaml").Manifest.Should().BeEquivalentTo(result.Manifest, o => o.RespectingRuntimeTypes());
    }
}

using System.Text;
using Gravity.Testing;

namespace Gravity.Manifest.Tests;

/// <summary>Manifests built to exhaust the loader (alias bombs, self references, deep nesting, huge numbers, broken
/// UTF-8) end quickly with a positioned error.</summary>
public sealed class HostileYamlTests : IDisposable
{
    private readonly TempDir _dir = new("gravity-hostile");

    public void Dispose() => _dir.Dispose();

    private string Write(string yaml) => WriteBytes(Encoding.UTF8.GetBytes(yaml));

    private string WriteBytes(byte[] bytes)
    {
        var path = _dir.Combine("app.yaml");
        File.WriteAllBytes(path, bytes);
        return path;
    }

    /// <summary>The classic: nine levels of ten aliases each, 10^9 strings once expanded.</summary>
    private static string BillionLaughs()
    {
        var text = new StringBuilder(Marked.Header).Append("x-lol:\n  l0: &l0 \"lol\"\n");
        for (var i = 1; i <= 9; i++)
            text.Append($"  l{i}: &l{i} [{string.Join(", ", Enumerable.Repeat($"*l{i - 1}", 10))}]\n");
        return text.ToString();
    }

    private static void ShouldBeOneErrorAt(ManifestLoadResult result, string file, int line, string containing)
    {
        result.Succeeded.Should().BeFalse();
        var error = result.Errors.Should().ContainSingle().Subject;
        (error.File, error.Line).Should().Be((file, line));
        error.Column.Should().BeGreaterThan(0);
        error.Message.Should().Contain(containing);
    }

    [Fact]
    public async Task An_alias_bomb_is_refused_at_the_alias_that_goes_past_the_limit()
    {
        var path = Write(BillionLaughs());
        var result = await Bounded.LoadAsync(path);
        // Level 5 expands to 100,000 strings (plus its lists): that is where it goes over.
        ShouldBeOneErrorAt(result, path, Marked.Header.Split('\n').Length + 6, "with its aliases expanded");
    }

    [Fact]
    public async Task A_merge_key_bomb_is_refused()
    {
        var text = new StringBuilder(Marked.Header).Append("x-merge:\n  m0: &m0 {a: 1, b: 2}\n");
        for (var i = 1; i <= 12; i++)
            text.Append($"  m{i}: &m{i} {{<<: [*m{i - 1}, *m{i - 1}, *m{i - 1}, *m{i - 1}], k{i}: v}}\n");
        var path = Write(text.ToString());
        var result = await Bounded.LoadAsync(path);
        result.Errors.Should().ContainSingle().Which.Message.Should().Contain("with its aliases expanded");
    }

    // A self-referencing merge (a: &x {<<: *x}) made the old loader recurse until the stack overflowed, which no test
    // host survives: tests/Packaging BuildContextTests runs it through tele build instead. Here: the same rule for a
    // forward reference, which the tree builder would also have resolved into a cycle.
    [Fact]
    public async Task An_alias_before_its_anchor_is_refused()
    {
        var (yaml, line, column) = Marked.Strip(Marked.Header + "x-a: [»*later]\nx-b: &later v\n");
        var result = await Bounded.LoadAsync(Write(yaml));
        var error = result.Errors.Should().ContainSingle().Subject;
        (error.Line, error.Column).Should().Be((line, column));
        error.Message.Should().Be("alias *later names no anchor &later defined before it");
    }

    [Fact]
    public async Task Too_many_aliases_are_refused()
    {
        var text = Marked.Header + "x-a: &a v\nx-list: [" + string.Join(", ", Enumerable.Repeat("*a", ManifestLimits.MaxAliases + 1)) + "]\n";
        var result = await Bounded.LoadAsync(Write(text));
        result.Errors.Should().ContainSingle().Which.Message.Should().Be($"more than {ManifestLimits.MaxAliases} aliases");
    }

    [Fact]
    public async Task Nesting_past_the_limit_is_refused_at_the_first_list_too_deep()
    {
        var path = Write(Marked.Header + "x-deep: " + new string('[', 1000) + new string(']', 1000) + "\n");
        var result = await Bounded.LoadAsync(path);
        var error = result.Errors.Should().ContainSingle().Subject;
        var line = Marked.Header.Split('\n').Length;
        // The root mapping is the first level, so the 64th '[' is one too many.
        (error.Line, error.Column).Should().Be((line, "x-deep: ".Length + ManifestLimits.MaxDepth));
        error.Message.Should().Contain($"nested more than {ManifestLimits.MaxDepth} deep");
    }

    [Fact]
    public async Task Nesting_through_aliases_counts_as_expanded()
    {
        var inner = new string('[', 40) + new string(']', 40);
        var path = Write(Marked.Header + $"x-inner: &deep {inner}\nx-outer: {new string('[', 30)}*deep{new string(']', 30)}\n");
        var result = await Bounded.LoadAsync(path);
        result.Errors.Should().ContainSingle().Which.Message.Should().Be($"alias *deep nests mappings and lists more than {ManifestLimits.MaxDepth} deep");
    }

    [Fact]
    public async Task A_size_too_large_for_any_number_is_an_error_not_an_overflow()
    {
        var (yaml, line, column) = Marked.Strip(Marked.Header + """
            nodeProfiles:
              - name: node
                requirements:
                  ram:
                    min: »"99999999999999999999TB"

            """ + Marked.NodeFlavor);
        var result = await Bounded.LoadAsync(Write(yaml));
        var error = result.Errors.Should().ContainSingle().Subject;
        (error.Line, error.Column, error.FieldPath).Should().Be((line, column, "nodeProfiles[0].requirements.ram.min"));
        error.Message.Should().Contain("99999999999999999999TB");
    }

    [Fact]
    public async Task Invalid_utf8_is_reported_at_its_line_and_column()
    {
        var bytes = Encoding.UTF8.GetBytes(Marked.Header + "releaseNotes: \"caf").Concat(new byte[] { 0xC3, 0x28 }).Concat("\"\n"u8.ToArray()).ToArray();
        var path = WriteBytes(bytes);
        var result = await Bounded.LoadAsync(path);
        var error = result.Errors.Should().ContainSingle().Subject;
        (error.Line, error.Column).Should().Be((Marked.Header.Split('\n').Length, "releaseNotes: \"caf".Length + 1));
        error.Message.Should().Contain("not valid UTF-8");
    }

    [Fact]
    public async Task A_manifest_larger_than_the_limit_is_refused_without_reading_it_all()
    {
        var path = _dir.Combine("app.yaml");
        await using (var file = File.Create(path))
        {
            await file.WriteAsync(Encoding.UTF8.GetBytes(Marked.Header + "releaseNotes: "));
            file.SetLength(ManifestLimits.MaxDocumentBytes + 1L);
        }
        var result = await Bounded.LoadAsync(path);
        result.Errors.Should().ContainSingle().Which.Message.Should().Be($"the manifest is larger than {ManifestLimits.MaxDocumentBytes} bytes");
    }

    [Fact]
    public async Task The_limits_apply_to_manifest_text_parsed_as_it_is()
    {
        var result = await Bounded.ParseAsync(BillionLaughs());
        result.Errors.Should().ContainSingle().Which.Message.Should().Contain("with its aliases expanded");
    }

    [Fact]
    public async Task Ordinary_anchors_and_aliases_still_work()
    {
        var result = await Bounded.LoadAsync(Write(Marked.Header + """
            nodeProfiles:
              - name: node
                labels: &labels {role: app}
              - name: other
                labels: *labels

            """ + "installer:\n  flavors:\n    items:\n      - name: one\n        nodes:\n          - profile: node\n            count: 1\n          - profile: other\n            count: 1\n"));
        result.ErrorText.Should().BeEmpty();
        result.Manifest!.NodeProfiles[1].Labels.Should().ContainKey("role");
    }
}

using Gravity.Cluster.Resources;
using Gravity.Core;

namespace Gravity.Cluster.Tests.Resources;

/// <summary>The resource files of `gravity resource create`: what is read, and errors that name the file, line and field.</summary>
public sealed class ClusterResourceFileTests
{
    [Fact]
    public void Token_documents_are_read_with_their_name_expiry_and_description()
    {
        var tokens = ClusterResourceFile.Parse("""
            kind: token
            version: v2
            metadata:
              name: rack-2-token-0123456789
              expires: 2026-12-31T23:59:59Z
            spec:
              description: second rack
            ---
            kind: token
            """, "tokens.yaml");

        tokens.Should().HaveCount(2);
        tokens[0].Should().Be(new JoinTokenResource("rack-2-token-0123456789", new DateTimeOffset(2026, 12, 31, 23, 59, 59, TimeSpan.Zero), "second rack", "tokens.yaml:1"));
        tokens[1].Token.Should().BeNull("no name: a random token is made");
        tokens[1].Source.Should().Be("tokens.yaml:9");
    }

    [Theory]
    [InlineData("kind: user\n", "tokens.yaml:1:7: kind: \"user\" is not supported here (supported: token)")]
    [InlineData("version: v2\n", "tokens.yaml:1:1: kind: missing (supported: token)")]
    [InlineData("kind: token\nversion: v3\n", "tokens.yaml:2:10: version: \"v3\": expected v2")]
    [InlineData("kind: token\nmetadata:\n  nmae: x\n", "tokens.yaml:3:3: metadata.nmae: unknown field (expected name, expires, description)")]
    [InlineData("kind: token\nmetadata:\n  expires: tomorrow\n", "tokens.yaml:3:12: metadata.expires: \"tomorrow\": expected a time like 2026-12-31T23:59:59Z")]
    [InlineData("kind: token\nmetadata:\n  name: [a, b]\n", "tokens.yaml:3:9: metadata.name: expected a single value")]
    [InlineData("- kind: token\n", "tokens.yaml:1:1: expected a mapping")]
    [InlineData("", "tokens.yaml: no resource in the file")]
    [InlineData("kind: token\n  metadata: {\n", "tokens.yaml:2:*YAML syntax error*")]
    public void Mistakes_are_named_with_file_line_and_field(string text, string message)
    {
        var parse = () => ClusterResourceFile.Parse(text, "tokens.yaml");
        parse.Should().Throw<GravityException>().WithMessage(message);
    }

    [Fact]
    public void An_alias_bomb_is_refused_by_the_limits_before_it_expands()
    {
        var bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + string.Join("", Enumerable.Range(1, 12).Select(i => $"{(char)('a' + i)}: &{(char)('a' + i)} [*{(char)('a' + i - 1)}, *{(char)('a' + i - 1)}, *{(char)('a' + i - 1)}, *{(char)('a' + i - 1)}, *{(char)('a' + i - 1)}, *{(char)('a' + i - 1)}, *{(char)('a' + i - 1)}, *{(char)('a' + i - 1)}, *{(char)('a' + i - 1)}, *{(char)('a' + i - 1)}]\n"));
        var parse = () => ClusterResourceFile.Parse("kind: token\n" + bomb, "bomb.yaml");
        parse.Should().Throw<GravityException>().WithMessage("bomb.yaml:*expanded*");
    }

    [Theory]
    [InlineData("kind: token\nkind: token\n", "tokens.yaml:2:*")]
    [InlineData("kind: token\nmetadata:\n  <<: {name: abcdefghijklmnopq}\n", "tokens.yaml:3:3: metadata.<<: unknown field*")]
    [InlineData("kind: token\n? [a, b]\n: c\n", "tokens.yaml:2:*unknown field*")]
    [InlineData("kind: token\nmetadata:\n  name: !!binary dG9rZW4=\n", "tokens.yaml:3:9: metadata.name:*16 to 256 characters*")]
    [InlineData("kind: token\nmetadata:\n  name: \"trailing-newline-0123456789\\n\"\n", "tokens.yaml:3:9: metadata.name:*16 to 256 characters*")]
    [InlineData("kind: token\nmetadata:\n  name: short\n", "tokens.yaml:3:9: metadata.name:*16 to 256 characters*")]
    [InlineData("\uFEFFkind: user\n", "tokens.yaml:1:*not supported*")]
    public void Hostile_documents_end_in_an_error_naming_the_line(string text, string message)
    {
        var parse = () => ClusterResourceFile.Parse(text, "tokens.yaml");
        parse.Should().Throw<GravityException>().WithMessage(message);
    }

    [Fact]
    public void A_bad_token_in_a_later_document_is_refused_before_any_token_is_created()
    {
        // Creating stops at the first bad document, with the tokens before it made: the file could not be run again
        // after the fix (they exist already). The file is checked whole first.
        var parse = () => ClusterResourceFile.Parse("kind: token\nmetadata:\n  name: good-token-0123456789\n---\nkind: token\nmetadata:\n  name: bad\n", "tokens.yaml");
        parse.Should().Throw<GravityException>().WithMessage("tokens.yaml:7:9: metadata.name:*");
        var twice = () => ClusterResourceFile.Parse("kind: token\nmetadata:\n  name: same-token-0123456789\n---\nkind: token\nmetadata:\n  name: same-token-0123456789\n", "tokens.yaml");
        twice.Should().Throw<GravityException>().WithMessage("tokens.yaml:7:9: metadata.name: the file has this token twice*");
    }

    [Fact]
    public void Deep_nesting_and_huge_scalars_are_refused()
    {
        var deep = () => ClusterResourceFile.Parse("kind: token\nspec: " + new string('[', 100_000) + new string(']', 100_000) + "\n", "deep.yaml");
        deep.Should().Throw<GravityException>().WithMessage("deep.yaml:*");
        var huge = () => ClusterResourceFile.Parse("kind: token\nspec:\n  description: " + new string('x', ClusterResourceFile.MaxFileBytes) + "\n", "huge.yaml");
        huge.Should().Throw<GravityException>().WithMessage("huge.yaml*at most*");
    }
}

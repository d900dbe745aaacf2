using System.Text;
using Gravity.Manifest.Parsing;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Gravity.Manifest.Loading;

/// <summary>Expands ${NAME} in every scalar value of the manifest from the environment. "$${" stands for a literal "${"
/// (for shell scripts in hooks and checks); a bare $NAME is left alone. An undefined variable is an error.
/// A quoted scalar that is exactly one reference ("${COUNT}", needed inside flow collections) takes the type of the
/// value, as if it had been written unquoted: count: "${COUNT}" gives an integer.</summary>
internal static class EnvironmentExpander
{
    public static void Expand(ParseContext ctx, YamlNode node, string path, Func<string, string?> lookup, ISet<YamlNode> failed)
    {
        switch (node)
        {
            case YamlMappingNode map:
                foreach (var (key, value) in map.Children)
                    Expand(ctx, value, FieldPath.Field(path, (key as YamlScalarNode)?.Value ?? "?"), lookup, failed);
                break;
            case YamlSequenceNode seq:
                for (var i = 0; i < seq.Children.Count; i++) Expand(ctx, seq.Children[i], FieldPath.Index(path, i), lookup, failed);
                break;
            case YamlScalarNode { Value: { } text } scalar when text.Contains('$'):
                var expanded = ExpandText(text, lookup, out var undefined);
                foreach (var name in undefined)
                    ctx.Error(scalar, path, $"environment variable {name} is not defined (write $${{ for a literal ${{)");
                if (undefined.Count > 0)
                {
                    failed.Add(scalar); // reported: later stages leave this value alone
                    break;
                }
                if (IsSingleReference(text) && scalar.Style is ScalarStyle.SingleQuoted or ScalarStyle.DoubleQuoted && scalar.Tag.IsEmpty)
                    scalar.Style = ScalarStyle.Plain;
                scalar.Value = expanded;
                break;
        }
    }

    public static string ExpandText(string text, Func<string, string?> lookup, out List<string> undefined)
    {
        undefined = [];
        var result = new StringBuilder(text.Length);
        var i = 0;
        while (i < text.Length)
        {
            if (text[i] == '$' && i + 2 < text.Length && text[i + 1] == '$' && text[i + 2] == '{')
            {
                result.Append("${");
                i += 3;
                continue;
            }
            if (text[i] == '$' && i + 1 < text.Length && text[i + 1] == '{')
            {
                var close = text.IndexOf('}', i + 2);
                var name = close < 0 ? null : text[(i + 2)..close];
                if (name is not null && IsName(name))
                {
                    var value = lookup(name);
                    if (value is null) undefined.Add(name);
                    result.Append(value);
                    i = close + 1;
                    continue;
                }
            }
            result.Append(text[i]);
            i++;
        }
        return result.ToString();
    }

    private static bool IsSingleReference(string text) =>
        text.StartsWith("${", StringComparison.Ordinal) && text.EndsWith('}') && IsName(text[2..^1]);

    private static bool IsName(string name) =>
        name.Length > 0 && (char.IsAsciiLetter(name[0]) || name[0] == '_') && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');
}

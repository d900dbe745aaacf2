using System.Text;
using System.Text.RegularExpressions;

namespace Gravity.Packaging.Discovery;

/// <summary>
/// A path glob over '/'-separated relative paths: <c>*</c> and <c>?</c> stay inside one segment, <c>**</c> spans
/// any number of segments (<c>**/x</c> also matches <c>x</c> at the top).
/// </summary>
public sealed class GlobPattern
{
    private readonly Regex _regex;

    public GlobPattern(string pattern)
    {
        Pattern = pattern.Replace('\\', '/').TrimStart('/');
        if (Pattern.StartsWith("./", StringComparison.Ordinal)) Pattern = Pattern[2..];
        _regex = new Regex("^" + ToRegex(Pattern) + @"\z", RegexOptions.CultureInvariant);
    }

    public string Pattern { get; }

    /// <summary>True when the pattern has no '/', so it is meant to match a single name wherever it occurs.</summary>
    public bool IsNamePattern => !Pattern.Contains('/');

    public bool IsMatch(string relativePath) => _regex.IsMatch(relativePath);

    private static string ToRegex(string glob)
    {
        var sb = new StringBuilder();
        for (var i = 0; i < glob.Length; i++)
        {
            var c = glob[i];
            if (c == '*' && i + 1 < glob.Length && glob[i + 1] == '*')
            {
                var slashFollows = i + 2 < glob.Length && glob[i + 2] == '/';
                sb.Append(slashFollows ? "(?:.*/)?" : ".*");
                i += slashFollows ? 2 : 1;
            }
            else if (c == '*') sb.Append("[^/]*");
            else if (c == '?') sb.Append("[^/]");
            else if (c == '[' && glob.IndexOf(']', i + 1) is var end && end > i + 1)
            {
                var body = glob[(i + 1)..end];
                if (body.StartsWith('!')) body = "^" + body[1..];
                sb.Append('[').Append(body.Replace("\\", "\\\\")).Append(']');
                i = end;
            }
            else sb.Append(Regex.Escape(c.ToString()));
        }
        return sb.ToString();
    }
}

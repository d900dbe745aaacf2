using System.Text;
using System.Text.RegularExpressions;

namespace Gravity.Preflight.Host;

/// <summary>Shell patterns (?, *, [abc], [!a-z]) over absolute paths, matched one path segment at a time as sh does.</summary>
public static class ShellGlob
{
    public static bool IsPattern(string path) => path.IndexOfAny(['*', '?', '[']) >= 0;

    /// <summary>Existing paths that match, sorted; the path itself when it holds no pattern and exists.</summary>
    public static IReadOnlyList<string> Expand(string pattern)
    {
        var full = Path.GetFullPath(pattern);
        if (!IsPattern(full)) return Path.Exists(full) ? [full] : [];
        IEnumerable<string> current = ["/"];
        foreach (var segment in full.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (!IsPattern(segment))
            {
                current = current.Select(c => Path.Combine(c, segment)).Where(Path.Exists).ToList();
                continue;
            }
            var regex = ToRegex(segment);
            current = current.Where(Directory.Exists)
                .SelectMany(dir => SafeEntries(dir).Where(e => regex.IsMatch(Path.GetFileName(e)))).ToList();
        }
        return current.OrderBy(p => p, StringComparer.Ordinal).ToList();
    }

    private static IEnumerable<string> SafeEntries(string dir)
    {
        try { return Directory.EnumerateFileSystemEntries(dir).ToList(); }
        catch (IOException) { return []; }
        catch (UnauthorizedAccessException) { return []; }
    }

    public static Regex ToRegex(string segment)
    {
        var sb = new StringBuilder("^");
        for (var i = 0; i < segment.Length; i++)
        {
            var c = segment[i];
            switch (c)
            {
                case '*': sb.Append(i == 0 ? "(?!\\.)[^/]*" : "[^/]*"); break;
                case '?': sb.Append(i == 0 ? "(?!\\.)[^/]" : "[^/]"); break;
                case '[':
                    var close = segment.IndexOf(']', i + 2);
                    if (close < 0) { sb.Append("\\["); break; }
                    var body = segment[(i + 1)..close];
                    var negate = body.StartsWith('!') || body.StartsWith('^');
                    if (negate) body = body[1..];
                    sb.Append('[').Append(negate ? "^" : "").Append(body.Replace("\\", "\\\\").Replace("[", "\\[")).Append(']');
                    i = close;
                    break;
                default: sb.Append(Regex.Escape(c.ToString())); break;
            }
        }
        return new Regex(sb.Append('$').ToString(), RegexOptions.CultureInvariant);
    }
}

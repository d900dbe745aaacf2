using System.Globalization;

namespace Gravity.Packaging.Discovery.Helm.Templates;

/// <summary>
/// Masterminds semver constraints as charts use them with semverCompare: comparisons (=, !=, &gt;, &lt;, &gt;=, &lt;=),
/// ~ and ^ ranges, x wildcards, "a - b" ranges, and (space or comma) and || of them. A "-0" suffix admits
/// pre-releases; otherwise a pre-release version matches only a constraint with a pre-release.
/// </summary>
internal static class SemverRange
{
    private readonly record struct Version(long Major, long Minor, long Patch, string Pre) : IComparable<Version>
    {
        public int CompareTo(Version o)
        {
            var c = Major.CompareTo(o.Major);
            if (c == 0) c = Minor.CompareTo(o.Minor);
            if (c == 0) c = Patch.CompareTo(o.Patch);
            if (c != 0) return c;
            if (Pre == o.Pre) return 0;
            if (Pre.Length == 0) return 1;
            if (o.Pre.Length == 0) return -1;
            return ComparePre(Pre, o.Pre);
        }
    }

    public static bool Matches(string constraint, string version)
    {
        if (Parse(version, out var v, out _) is false) return false;
        foreach (var alternative in constraint.Split("||"))
        {
            var parts = alternative.Replace(",", " ").Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList();
            // "1.2 - 1.4" ranges
            for (var i = 1; i + 1 < parts.Count; i++)
                if (parts[i] == "-") { parts[i - 1] = ">=" + parts[i - 1]; parts[i] = "<=" + parts[i + 1]; parts.RemoveAt(i + 1); }
            var admitsPre = parts.Any(p => p.Contains('-'));
            if (v.Pre.Length > 0 && !admitsPre) continue;
            if (parts.Count > 0 && parts.All(p => One(p, v))) return true;
        }
        return false;
    }

    private static bool One(string constraint, Version v)
    {
        var op = new string(constraint.TakeWhile(c => c is '=' or '!' or '<' or '>' or '~' or '^').ToArray());
        var text = constraint[op.Length..].Trim();
        if (text is "*" or "x" or "X" or "") return true;
        if (Parse(text, out var c, out var wildcard) is false) return false;
        var lower = c;
        var upper = wildcard switch
        {
            1 => new Version(c.Major + 1, 0, 0, ""),
            2 => new Version(c.Major, c.Minor + 1, 0, ""),
            _ => (Version?)null,
        };
        switch (op)
        {
            case "" or "=" when upper is { } u: return v.CompareTo(lower) >= 0 && v.CompareTo(u) < 0;
            case "" or "=": return v.CompareTo(c) == 0;
            case "!=": return v.CompareTo(c) != 0;
            case ">": return upper is { } u2 ? v.CompareTo(u2) >= 0 : v.CompareTo(c) > 0;
            case ">=" or "=>": return v.CompareTo(lower) >= 0;
            case "<": return v.CompareTo(lower) < 0;
            case "<=" or "=<": return upper is { } u3 ? v.CompareTo(u3) < 0 : v.CompareTo(c) <= 0;
            case "~": return v.CompareTo(lower) >= 0 && v.CompareTo(wildcard == 1 ? new Version(c.Major + 1, 0, 0, "") : new Version(c.Major, c.Minor + 1, 0, "")) < 0;
            case "^":
                var top = c.Major > 0 || wildcard == 1 ? new Version(c.Major + 1, 0, 0, "")
                    : c.Minor > 0 || wildcard == 2 ? new Version(0, c.Minor + 1, 0, "") : new Version(0, 0, c.Patch + 1, "");
                return v.CompareTo(lower) >= 0 && v.CompareTo(top) < 0;
            default: return false;
        }
    }

    /// <param name="wildcard">0: all parts given; 1: only major (1, 1.x); 2: major and minor (1.2, 1.2.x).</param>
    private static bool Parse(string text, out Version version, out int wildcard)
    {
        version = default;
        wildcard = 0;
        var s = text.Trim().TrimStart('v', 'V');
        var plus = s.IndexOf('+');
        if (plus >= 0) s = s[..plus];
        var dash = s.IndexOf('-');
        var pre = dash >= 0 ? s[(dash + 1)..] : "";
        if (dash >= 0) s = s[..dash];
        var parts = s.Split('.');
        if (parts.Length is 0 or > 3) return false;
        var numbers = new long[3];
        for (var i = 0; i < 3; i++)
        {
            if (i >= parts.Length || parts[i] is "x" or "X" or "*")
            {
                if (i == 0) return false;
                wildcard = wildcard == 0 ? i : wildcard;
                continue;
            }
            if (!long.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out numbers[i])) return false;
        }
        version = new Version(numbers[0], numbers[1], numbers[2], pre);
        return true;
    }

    private static int ComparePre(string a, string b)
    {
        var x = a.Split('.');
        var y = b.Split('.');
        for (var i = 0; i < Math.Min(x.Length, y.Length); i++)
        {
            var xn = long.TryParse(x[i], out var xi);
            var yn = long.TryParse(y[i], out var yi);
            var c = xn && yn ? xi.CompareTo(yi) : xn ? -1 : yn ? 1 : string.CompareOrdinal(x[i], y[i]);
            if (c != 0) return c;
        }
        return x.Length.CompareTo(y.Length);
    }
}

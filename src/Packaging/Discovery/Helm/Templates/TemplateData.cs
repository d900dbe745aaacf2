using System.Globalization;
using System.Text;

namespace Gravity.Packaging.Discovery.Helm.Templates;

/// <summary>
/// Go template semantics over the values the reader computes with: null, bool, long, double, string,
/// <c>List&lt;object?&gt;</c>, <c>Dictionary&lt;string, object?&gt;</c>, template objects and <see cref="Unresolved"/>.
/// </summary>
internal static class TemplateData
{
    /// <summary>Go's truth: false, 0, nil and empty strings, lists and maps are false; null when unknown.</summary>
    public static bool? Truth(object? value) => value switch
    {
        Unresolved => null,
        null => false,
        bool b => b,
        string s => s.Length > 0,
        long l => l != 0,
        double d => d != 0,
        List<object?> list => list.Count > 0,
        Dictionary<string, object?> map => map.Count > 0,
        _ => true,
    };

    /// <summary>How Go's fmt prints a value with %v (helm removes the "&lt;no value&gt;" of missing ones).</summary>
    public static string Print(object? value) => value switch
    {
        null => "",
        string s => s,
        bool b => b ? "true" : "false",
        long l => l.ToString(CultureInfo.InvariantCulture),
        int i => i.ToString(CultureInfo.InvariantCulture),
        double d => GoFloat(d),
        List<object?> list => "[" + string.Join(' ', list.Select(PrintNested)) + "]",
        Dictionary<string, object?> map => "map[" + string.Join(' ', map.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Key}:{PrintNested(kv.Value)}")) + "]",
        Unresolved u => u.Marker,
        _ => value.ToString() ?? "",
    };

    private static string PrintNested(object? value) => value is null ? "<nil>" : Print(value);

    /// <summary>Go's %v of a float64 (shortest digits, exponent form below 1e-4 and from 1e6: 1000000 prints 1e+06), or as JSON writes it (from 1e21).</summary>
    public static string GoFloat(double d, bool json = false)
    {
        if (double.IsPositiveInfinity(d)) return "+Inf";
        if (double.IsNegativeInfinity(d)) return "-Inf";
        if (double.IsNaN(d)) return "NaN";
        if (d == 0) return "0";
        var shortest = d.ToString("R", CultureInfo.InvariantCulture);
        // Digits and decimal exponent of the shortest representation.
        var (digits, exponent) = Decompose(shortest);
        if (exponent < -4 || exponent >= 21 || (exponent >= 6 && !json))
        {
            var mantissa = digits.Length == 1 ? digits : digits[0] + "." + digits[1..];
            return (d < 0 ? "-" : "") + mantissa + "e" + (exponent < 0 ? "-" : "+") + Math.Abs(exponent).ToString("00", CultureInfo.InvariantCulture);
        }
        return shortest.Contains('E') ? decimal.Parse(shortest, NumberStyles.Float, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture) : shortest;
    }

    private static (string Digits, int Exponent) Decompose(string shortest)
    {
        var s = shortest.TrimStart('-');
        var exp = 0;
        var e = s.IndexOfAny(['E', 'e']);
        if (e >= 0) { exp = int.Parse(s[(e + 1)..], CultureInfo.InvariantCulture); s = s[..e]; }
        var dot = s.IndexOf('.');
        var intPart = dot < 0 ? s : s[..dot];
        var frac = dot < 0 ? "" : s[(dot + 1)..];
        var all = (intPart + frac).TrimStart('0');
        var leadingZeros = (intPart + frac).Length - all.Length;
        var exponent = intPart.Length - 1 - leadingZeros + exp;
        return (all.TrimEnd('0') is { Length: > 0 } t ? t : "0", exponent);
    }

    public static bool IsEmpty(object? value) => Truth(value) == false;

    public static object? Number(object? value) => value switch
    {
        long or double => value,
        int i => (long)i,
        bool b => b ? 1L : 0L,
        string s when long.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l) => l,
        string s when double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) => d,
        _ => 0L,
    };

    public static double ToDouble(object? value) => Number(value) switch { long l => l, double d => d, _ => 0 };

    public static long ToLong(object? value) => Number(value) switch { long l => l, double d => (long)d, _ => 0 };

    /// <summary>Go template eq: numbers by value, everything else by kind and value.</summary>
    public static bool Equal(object? a, object? b)
    {
        if (a is long or double or int && b is long or double or int) return ToDouble(a) == ToDouble(b);
        if (a is null || b is null) return a is null && b is null;
        return a switch
        {
            string s => b is string t && s == t,
            bool x => b is bool y && x == y,
            _ => Equals(a, b),
        };
    }

    public static int Compare(object? a, object? b)
    {
        if (a is string s && b is string t) return string.CompareOrdinal(s, t);
        return ToDouble(a).CompareTo(ToDouble(b));
    }

    /// <summary>Go's kind names (what kindOf/kindIs use).</summary>
    public static string KindOf(object? value) => value switch
    {
        null => "invalid",
        string => "string",
        bool => "bool",
        long or int => "int64",
        double => "float64",
        List<object?> => "slice",
        Dictionary<string, object?> => "map",
        _ => "struct",
    };

    public static string TypeOf(object? value) => value switch
    {
        null => "<nil>",
        string => "string",
        bool => "bool",
        long or int => "int64",
        double => "float64",
        List<object?> => "[]interface {}",
        Dictionary<string, object?> => "map[string]interface {}",
        _ => "struct",
    };

    /// <summary>A deep copy of plain data (maps and lists are copied, everything else is immutable).</summary>
    public static object? DeepCopy(object? value) => value switch
    {
        Dictionary<string, object?> map => map.ToDictionary(kv => kv.Key, kv => DeepCopy(kv.Value), StringComparer.Ordinal),
        List<object?> list => list.Select(DeepCopy).ToList(),
        _ => value,
    };

    /// <summary>sprig merge: keys of the sources fill keys the destination lacks (deeply); with overwrite, sources win.</summary>
    public static Dictionary<string, object?> Merge(Dictionary<string, object?> destination, Dictionary<string, object?> source, bool overwrite)
    {
        foreach (var (key, value) in source)
        {
            if (destination.TryGetValue(key, out var existing))
            {
                // mergo's rules: without overwrite an empty destination value (false and 0 included) is filled; with
                // overwrite a non-empty source value wins.
                if (existing is Dictionary<string, object?> em && value is Dictionary<string, object?> sm) Merge(em, sm, overwrite);
                else if (overwrite ? !IsEmpty(value) : IsEmpty(existing)) destination[key] = DeepCopy(value);
            }
            else destination[key] = DeepCopy(value);
        }
        return destination;
    }

    public static string Quote(string s)
    {
        var sb = new StringBuilder("\"");
        foreach (var c in s)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\t': sb.Append("\\t"); break;
                case '\r': sb.Append("\\r"); break;
                default: sb.Append(c); break;
            }
        }
        return sb.Append('"').ToString();
    }
}

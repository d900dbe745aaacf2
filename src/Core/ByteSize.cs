using System.Globalization;
using System.Text.RegularExpressions;

namespace Gravity.Core;

/// <summary>Sizes as written in manifests ("32GB", "512MB", "50MB/s") and as shown to users.</summary>
public static partial class ByteSize
{
    private static readonly Dictionary<string, long> Units = new(StringComparer.Ordinal)
    {
        ["B"] = 1, ["kB"] = 1000, ["KB"] = 1000, ["MB"] = 1000_000, ["GB"] = 1000_000_000, ["TB"] = 1000_000_000_000,
        ["KiB"] = 1L << 10, ["MiB"] = 1L << 20, ["GiB"] = 1L << 30, ["TiB"] = 1L << 40,
    };

    public static bool TryParse(string? text, out long bytes)
    {
        bytes = 0;
        if (string.IsNullOrWhiteSpace(text)) return false;
        var m = Grammar().Match(text.Trim());
        if (!m.Success) return false;
        var unit = m.Groups[2].Success && m.Groups[2].Length > 0 ? m.Groups[2].Value : "B";
        if (!Units.TryGetValue(unit, out var mult)) return false;
        if (!decimal.TryParse(m.Groups[1].Value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var n)) return false;
        if (n > long.MaxValue / (decimal)mult) return false; // "99999999999999999999TB" fits no long
        bytes = (long)(n * mult);
        return true;
    }

    /// <summary>A transfer rate such as "50MB/s", in bytes per second.</summary>
    public static bool TryParseRate(string? text, out long bytesPerSecond)
    {
        bytesPerSecond = 0;
        if (text is null || !text.EndsWith("/s", StringComparison.Ordinal)) return false;
        return TryParse(text[..^2], out bytesPerSecond);
    }

    public static string Format(long bytes)
    {
        string[] units = ["B", "KiB", "MiB", "GiB", "TiB"];
        double v = bytes;
        var i = 0;
        while (Math.Abs(v) >= 1024 && i < units.Length - 1) { v /= 1024; i++; }
        return i == 0 ? $"{bytes} B" : string.Create(CultureInfo.InvariantCulture, $"{v:0.0} {units[i]}");
    }

    [GeneratedRegex(@"^([0-9]+(?:\.[0-9]+)?)\s*([A-Za-z]*)$")]
    private static partial Regex Grammar();
}

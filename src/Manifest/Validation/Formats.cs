using System.Globalization;
using System.Text.RegularExpressions;

namespace Gravity.Manifest.Validation;

/// <summary>The textual formats of manifest values.</summary>
public static partial class Formats
{
    /// <summary>metadata.name: letters, digits, '_' and '-'.</summary>
    public static bool IsValidName(string value) => NameGrammar().IsMatch(value);

    /// <summary>Strict SemVer 2.0 (no leading "v", no leading zeros).</summary>
    public static bool IsSemVer(string value) => SemVerGrammar().IsMatch(value);

    /// <summary>An octal permission string such as "0755" or "644".</summary>
    public static bool TryParseOctalMode(string value, out int mode)
    {
        mode = 0;
        if (!OctalGrammar().IsMatch(value)) return false;
        mode = Convert.ToInt32(value, 8);
        return mode <= Convert.ToInt32("7777", 8);
    }

    /// <summary>Device permissions: letters r, w, m, each at most once (so at most three).</summary>
    public static bool IsValidDevicePermissions(string value) =>
        value.Length is > 0 and <= 3 && value.All(c => c is 'r' or 'w' or 'm') && value.Distinct().Count() == value.Length;

    /// <summary>"8080" or "10000-10005", ports 1..65535, low &lt;= high.</summary>
    public static bool TryParsePortRange(string value, out PortRange range, out string? error)
    {
        range = new PortRange(0, 0);
        var m = PortRangeGrammar().Match(value.Trim());
        if (!m.Success) { error = $"\"{value}\" is not a port or a port range (\"8080\", \"10000-10005\")"; return false; }
        if (!int.TryParse(m.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var low)) low = -1;
        var high = low;
        if (m.Groups[2].Success && !int.TryParse(m.Groups[2].Value, NumberStyles.None, CultureInfo.InvariantCulture, out high)) high = -1;
        if (low is < 1 or > 65535 || high is < 1 or > 65535) { error = $"\"{value}\": ports must be between 1 and 65535"; return false; }
        if (low > high) { error = $"\"{value}\": the first port of a range must not be greater than the last"; return false; }
        range = new PortRange(low, high);
        error = null;
        return true;
    }

    /// <summary>An image reference whose tag is a SemVer version ("custom-planet:1.0.0", "registry:5000/gravity:7.0.0").</summary>
    public static bool IsImageWithSemVerTag(string value, out string? error)
    {
        var slash = value.LastIndexOf('/');
        var colon = value.LastIndexOf(':');
        if (value.Length == 0 || value.Contains(' ') || value.Contains('@'))
        {
            error = $"\"{value}\" is not an image reference of the form name:version";
            return false;
        }
        if (colon <= slash)
        {
            error = $"\"{value}\" has no tag: write name:version with a SemVer version";
            return false;
        }
        var tag = value[(colon + 1)..];
        if (!IsSemVer(tag))
        {
            error = $"\"{value}\": the tag \"{tag}\" is not a SemVer version";
            return false;
        }
        error = null;
        return true;
    }

    /// <summary>A package locator: repository/name:semver.</summary>
    public static bool IsPackageLocator(string value)
    {
        var m = LocatorGrammar().Match(value);
        return m.Success && IsSemVer(m.Groups[1].Value);
    }

    /// <summary>True when the text holds shell pattern characters (*, ?, [).</summary>
    public static bool IsPattern(string path) => path.IndexOfAny(['*', '?', '[']) >= 0;

    [GeneratedRegex(@"^[a-zA-Z0-9_-]+$")]
    private static partial Regex NameGrammar();

    [GeneratedRegex(@"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$")]
    private static partial Regex SemVerGrammar();

    [GeneratedRegex(@"^[0-7]{3,4}$")]
    private static partial Regex OctalGrammar();

    [GeneratedRegex(@"^([0-9]{1,6})(?:-([0-9]{1,6}))?$")]
    private static partial Regex PortRangeGrammar();

    [GeneratedRegex(@"^[a-zA-Z0-9._-]+/[a-zA-Z0-9._-]+:([^:/\s]+)$")]
    private static partial Regex LocatorGrammar();
}

using Gravity.Manifest;
using Gravity.Preflight.Host;

namespace Gravity.Preflight.Checks;

/// <summary>ID and VERSION_ID of /etc/os-release against the profile's list; a version "7" accepts "7" and "7.x".</summary>
internal static class OsCheck
{
    public static CheckResult Run(string profile, IReadOnlyList<OsRequirement> supported, PreflightOptions options)
    {
        OsRelease os;
        try { os = OsRelease.Read(options.OsReleasePath); }
        catch (IOException ex) { return CheckResult.Fail("os", $"cannot read {options.OsReleasePath}: {ex.Message}"); }

        var match = supported.Any(s => string.Equals(s.Name, os.Id, StringComparison.OrdinalIgnoreCase)
                                       && (s.Versions.Count == 0 || s.Versions.Any(v => VersionMatches(v, os.VersionId))));
        var list = string.Join("; ", supported.Select(s => s.Versions.Count == 0 ? s.Name : $"{s.Name} {string.Join(", ", s.Versions)}"));
        return match
            ? CheckResult.Pass("os", $"{os.Id} {os.VersionId}")
            : CheckResult.Fail("os", $"this node runs {os.Id} {os.VersionId} ({os.PrettyName}), profile {profile} supports only: {list}");
    }

    private static bool VersionMatches(string wanted, string actual)
        => actual == wanted || actual.StartsWith(wanted + ".", StringComparison.Ordinal);
}

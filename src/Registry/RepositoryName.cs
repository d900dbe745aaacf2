using System.Text.RegularExpressions;

namespace Gravity.Registry;

/// <summary>
/// Repository names as the OCI Distribution Specification defines them. Each component is lower-case alphanumerics
/// joined by single separators, so no component can be "." or ".." and a valid name is always a safe relative path.
/// </summary>
public static partial class RepositoryName
{
    public const int MaxLength = 255;

    public static bool IsValid(string? name) => name is { Length: > 0 and <= MaxLength } && Grammar().IsMatch(name);

    /// <summary>Tag grammar of the specification: also a safe single path component.</summary>
    public static bool IsValidTag(string? tag) => tag is not null && TagGrammar().IsMatch(tag);

    [GeneratedRegex(@"^[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*(/[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*)*$", RegexOptions.CultureInvariant)]
    private static partial Regex Grammar();

    [GeneratedRegex(@"^[a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}$", RegexOptions.CultureInvariant)]
    private static partial Regex TagGrammar();
}

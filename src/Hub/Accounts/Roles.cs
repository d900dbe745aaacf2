namespace Gravity.Hub.Accounts;

/// <summary>The roles a Hub user can hold. Names follow the guide: <c>@teleadmin</c> and <c>@reader</c>; publishers push and remove.</summary>
public static class Roles
{
    public const string Admin = "@teleadmin";
    public const string Publisher = "publisher";
    public const string Reader = "@reader";

    public static readonly IReadOnlyList<string> All = [Admin, Publisher, Reader];

    /// <summary>Parses a comma-separated role list such as "publisher,@reader"; throws FormatException naming the bad role.</summary>
    public static IReadOnlyList<string> Parse(string value)
    {
        var roles = value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(Canonical).ToArray();
        if (roles.Length == 0) throw new FormatException($"no role given: expected one of {string.Join(", ", All)}");
        foreach (var role in roles)
            if (!All.Contains(role))
                throw new FormatException($"unknown role '{role}': expected one of {string.Join(", ", All)}");
        return roles.Distinct().ToArray();
    }

    /// <summary>Accepts the names without '@' too ("teleadmin", "reader"): shells and response-file parsers treat a leading '@' specially.</summary>
    public static string Canonical(string role) => role switch
    {
        "teleadmin" or "admin" => Admin,
        "reader" => Reader,
        _ => role,
    };

    public static string Format(IEnumerable<string> roles) => string.Join(",", roles);
}

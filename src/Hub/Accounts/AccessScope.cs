namespace Gravity.Hub.Accounts;

/// <summary>One entry of Docker's token scope grammar: <c>repository:apps/shop:pull,push</c> or <c>registry:catalog:*</c>.</summary>
public sealed record AccessScope(string Type, string Name, IReadOnlyList<string> Actions)
{
    public const string RepositoryType = "repository";
    public const string RegistryType = "registry";

    /// <summary>Parses one scope; the name may itself contain colons, so type ends at the first and actions start after the last.</summary>
    public static bool TryParse(string value, out AccessScope? scope)
    {
        scope = null;
        var first = value.IndexOf(':');
        var last = value.LastIndexOf(':');
        if (first <= 0 || last <= first + 1 || last == value.Length - 1) return false;
        var actions = value[(last + 1)..].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (actions.Length == 0) return false;
        scope = new AccessScope(value[..first], value[(first + 1)..last], actions.Distinct().ToArray());
        return true;
    }

    /// <summary>Parses the space-separated scopes of one or more <c>scope</c> query parameters, ignoring malformed entries as Docker's server does.</summary>
    public static IReadOnlyList<AccessScope> ParseMany(IEnumerable<string?> values)
    {
        var result = new List<AccessScope>();
        foreach (var value in values)
            foreach (var part in (value ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries))
                if (TryParse(part, out var scope)) result.Add(scope!);
        return result;
    }

    public static string ActionName(HubAction action) => action switch
    {
        HubAction.Pull => "pull",
        HubAction.Push => "push",
        HubAction.Delete => "delete",
        HubAction.List => "*",
        _ => "*",
    };

    public static HubAction? ParseAction(string action) => action switch
    {
        "pull" => HubAction.Pull,
        "push" => HubAction.Push,
        "delete" => HubAction.Delete,
        _ => null,
    };

    /// <summary>Whether this scope grants <paramref name="action"/> on repository <paramref name="repository"/> (null: registry-wide listing).</summary>
    public bool Grants(string? repository, HubAction action)
    {
        if (repository is null)
            return Type == RegistryType && Name == "catalog" && Actions.Contains("*");
        if (Type != RepositoryType || Name != repository) return false;
        return Actions.Contains("*") || Actions.Contains(ActionName(action));
    }

    public override string ToString() => $"{Type}:{Name}:{string.Join(",", Actions)}";
}

namespace Gravity.Hub.Accounts;

/// <summary>What a caller wants to do; registry actions map onto these, plus the catalog's own.</summary>
public enum HubAction
{
    Pull,
    Push,
    Delete,
    List,
    Admin,
}

public static class Permissions
{
    /// <summary>Whether any of <paramref name="roles"/> allows <paramref name="action"/>.</summary>
    public static bool Allows(IEnumerable<string> roles, HubAction action) => roles.Any(role => role switch
    {
        Roles.Admin => true,
        Roles.Publisher => action is HubAction.Pull or HubAction.Push or HubAction.Delete or HubAction.List,
        Roles.Reader => action is HubAction.Pull or HubAction.List,
        _ => false,
    });
}

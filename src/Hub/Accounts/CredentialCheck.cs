namespace Gravity.Hub.Accounts;

/// <summary>The result of checking a user name and secret: the caller when they match; the lockout when none was tried.</summary>
public sealed record CredentialCheck(Principal? Principal, Lockout? Lockout = null)
{
    public static readonly CredentialCheck Failed = new(null, null);
}

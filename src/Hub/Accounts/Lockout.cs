namespace Gravity.Hub.Accounts;

/// <summary>A user or client address refused logins until <see cref="Until"/> after <see cref="Failures"/> failed ones.</summary>
public sealed record Lockout(LockoutKind Kind, string Name, int Failures, DateTimeOffset Until)
{
    public string Describe() => $"too many failed logins for {(Kind == LockoutKind.User ? "user" : "address")} '{Name}': " +
        $"try again after {Until.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC (or ask an admin to unlock it)";
}

public enum LockoutKind { User, Address }

/// <summary>What counting failed logins says about one user or address: failures so far and, while it lasts, until when logins are refused.</summary>
public sealed record LoginFailures(LockoutKind Kind, string Name, int Failures, DateTimeOffset LastFailure, DateTimeOffset? LockedUntil);

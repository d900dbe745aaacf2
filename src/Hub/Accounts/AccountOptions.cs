namespace Gravity.Hub.Accounts;

public sealed record AccountOptions
{
    /// <summary>PBKDF2 iterations for new password hashes (tests lower it; verification reads the count from each hash).</summary>
    public int PasswordIterations { get; init; } = PasswordHasher.ProductionIterations;
    public TimeSpan RegistryTokenLifetime { get; init; } = TimeSpan.FromHours(1);
    public TimeSpan SessionTokenLifetime { get; init; } = TimeSpan.FromHours(20);
    /// <summary>The <c>service</c> of Docker's token flow.</summary>
    public string Service { get; init; } = "gravity-hub";

    /// <summary>Failed logins in a row for one user after which each further try waits 1, 2, 4... seconds.</summary>
    public int FailuresBeforeDelay { get; init; } = 5;
    /// <summary>Failed logins in a row for one user after which they are locked out for <see cref="LockoutDuration"/>.</summary>
    public int FailuresBeforeLockout { get; init; } = 10;
    /// <summary>
    /// The same for one client address (whatever the user names tried). Higher, since one address may be a whole
    /// office behind NAT, and so that one user's lockout does not lock out their neighbours too.
    /// </summary>
    public int AddressFailuresBeforeDelay { get; init; } = 10;
    public int AddressFailuresBeforeLockout { get; init; } = 20;
    /// <summary>How long a lockout lasts; failures older than this are forgotten.</summary>
    public TimeSpan LockoutDuration { get; init; } = TimeSpan.FromMinutes(15);
}

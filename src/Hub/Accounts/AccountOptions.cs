namespace Gravity.Hub.Accounts;

public sealed record AccountOptions
{
    /// <summary>PBKDF2 iterations for new password hashes (tests lower it; verification reads the count from each hash).</summary>
    public int PasswordIterations { get; init; } = PasswordHasher.ProductionIterations;
    public TimeSpan RegistryTokenLifetime { get; init; } = TimeSpan.FromHours(1);
    public TimeSpan SessionTokenLifetime { get; init; } = TimeSpan.FromHours(20);
    /// <summary>The <c>service</c> of Docker's token flow.</summary>
    public string Service { get; init; } = "gravity-hub";
}

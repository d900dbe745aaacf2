namespace Gravity.Hub.Accounts;

/// <summary>Makes and checks password hashes; an interface so that tests can count the (deliberately slow) verifications.</summary>
public interface IPasswordHasher
{
    string Hash(string password);

    /// <summary>Whether <paramref name="password"/> matches <paramref name="stored"/>; a missing or malformed hash never matches.</summary>
    bool Verify(string password, string? stored);
}

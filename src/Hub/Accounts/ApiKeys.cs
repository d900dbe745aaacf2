using System.Security.Cryptography;
using System.Text;

namespace Gravity.Hub.Accounts;

/// <summary>
/// API keys: 32 random bytes, shown to the admin once. Only their SHA-256 is stored: with that much entropy a fast hash
/// is enough, and it lets a key be found by its hash without knowing the user.
/// </summary>
public static class ApiKeys
{
    public const string Prefix = "ghk_";

    public static string Generate() => Prefix + Base64Url(RandomNumberGenerator.GetBytes(32));

    public static string NewId() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));

    public static string HashOf(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    /// <summary>Whether a secret looks like an API key rather than a password (only then is the key table consulted).</summary>
    public static bool LooksLikeKey(string secret) => secret.StartsWith(Prefix, StringComparison.Ordinal) && secret.Length > Prefix.Length + 40;

    internal static string Base64Url(ReadOnlySpan<byte> bytes)
        => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}

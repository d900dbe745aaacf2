using System.Security.Cryptography;
using System.Text;

namespace Gravity.Cluster.Operations.Expand;

/// <summary>
/// Proves knowledge of the join token without sending it: HMAC-SHA256 over the joiner's nonce and the CA, keyed with the
/// token. The joiner checks it before trusting the CA, so a machine in the middle (the first TLS connection cannot be
/// verified yet) can neither learn the token nor slip in its own CA.
/// </summary>
public static class JoinProof
{
    public static string Compute(string token, string nonce, string caPem)
        => Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(token), Encoding.UTF8.GetBytes(nonce + "\n" + caPem)));

    public static bool Verify(string token, string nonce, string caPem, string proof)
        => CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Compute(token, nonce, caPem)), Encoding.ASCII.GetBytes(proof));

    public static bool TokensEqual(string expected, string given)
        => CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(expected)), SHA256.HashData(Encoding.UTF8.GetBytes(given)));

    public static string Hash(string token) => State.JoinTokenStore.IdOf(token);
}

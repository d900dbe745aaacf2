using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Gravity.Hub.Accounts;

/// <summary>
/// Issues and checks bearer tokens: <c>base64url(claims JSON).base64url(HMAC-SHA256)</c>. Tokens are opaque to clients;
/// only the Hub (holding the key) reads them, so a symmetric signature is enough.
/// </summary>
public sealed class TokenSigner
{
    private readonly byte[] _key;
    private readonly TimeProvider _time;

    public TokenSigner(byte[] key, TimeProvider? time = null)
    {
        if (key.Length < 32) throw new ArgumentException("token signing key must have at least 32 bytes", nameof(key));
        _key = key;
        _time = time ?? TimeProvider.System;
    }

    public TimeProvider Time => _time;

    public (string Token, TokenClaims Claims) Issue(string subject, string kind, IEnumerable<AccessScope> access, TimeSpan lifetime, string? keyId = null, string? sessionId = null)
    {
        var now = _time.GetUtcNow().ToUnixTimeSeconds();
        var claims = new TokenClaims
        {
            Subject = subject,
            Kind = kind,
            Access = access.Select(a => a.ToString()).ToArray(),
            IssuedAt = now,
            ExpiresAt = now + (long)lifetime.TotalSeconds,
            KeyId = keyId,
            SessionId = sessionId,
            Id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)),
        };
        var payload = ApiKeys.Base64Url(JsonSerializer.SerializeToUtf8Bytes(claims));
        return ($"{payload}.{Sign(payload)}", claims);
    }

    /// <summary>The claims of a token whose signature is valid and which has not expired; null otherwise.</summary>
    public TokenClaims? Validate(string token)
    {
        var dot = token.IndexOf('.');
        if (dot <= 0 || dot != token.LastIndexOf('.')) return null;
        var payload = token[..dot];
        var expected = Encoding.ASCII.GetBytes(Sign(payload));
        var actual = Encoding.ASCII.GetBytes(token[(dot + 1)..]);
        if (!CryptographicOperations.FixedTimeEquals(expected, actual)) return null;
        TokenClaims? claims;
        try { claims = JsonSerializer.Deserialize<TokenClaims>(FromBase64Url(payload)); }
        catch (Exception e) when (e is JsonException or FormatException) { return null; }
        // JSON null in a field we read (a token signed by a buggy or older issuer) makes the token invalid, not a crash.
        if (claims is null || claims.Subject is null || claims.Kind is null || claims.Access is null || claims.Id is null) return null;
        return claims.ExpiresAt > _time.GetUtcNow().ToUnixTimeSeconds() ? claims : null;
    }

    private string Sign(string payload) => ApiKeys.Base64Url(HMACSHA256.HashData(_key, Encoding.ASCII.GetBytes(payload)));

    private static byte[] FromBase64Url(string value)
    {
        var s = value.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(s.PadRight(s.Length + (4 - s.Length % 4) % 4, '='));
    }
}

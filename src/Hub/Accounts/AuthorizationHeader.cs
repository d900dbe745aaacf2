using System.Text;

namespace Gravity.Hub.Accounts;

/// <summary>Parses the two Authorization schemes the Hub accepts.</summary>
public static class AuthorizationHeader
{
    public static bool TryParseBasic(string? header, out string user, out string secret)
    {
        user = secret = "";
        if (header is null || !header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase)) return false;
        string decoded;
        try { decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header[6..].Trim())); }
        catch (FormatException) { return false; }
        var colon = decoded.IndexOf(':');
        if (colon < 0) return false;
        user = decoded[..colon];
        secret = decoded[(colon + 1)..];
        return true;
    }

    public static bool TryParseBearer(string? header, out string token)
    {
        token = "";
        if (header is null || !header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) return false;
        token = header[7..].Trim();
        return token.Length > 0;
    }

    public static string Basic(string user, string secret) => "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{secret}"));
}

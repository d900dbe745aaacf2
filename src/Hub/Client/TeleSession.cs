using System.Globalization;
using Gravity.Core;

namespace Gravity.Hub.Client;

/// <summary>tele's logged-in state: loading it for commands that need the Hub, and describing it the way the guide shows.</summary>
public static class TeleSession
{
    /// <summary>The saved session; a GravityException telling the user to log in when there is none or it expired.</summary>
    public static HubCredentials Require(CredentialsFile file, TimeProvider? time = null)
    {
        var credentials = file.Load() ?? throw new GravityException("not logged in: run tele login -o HUB");
        if (credentials.IsExpired((time ?? TimeProvider.System).GetUtcNow()))
            throw new GravityException($"the session with {credentials.Hub} expired at {FormatTime(credentials.Expires)}: run tele login -o {credentials.Hub} again");
        return credentials;
    }

    /// <summary>The lines tele login and tele status print (Hub, Username, Cluster when given, Expires).</summary>
    public static IReadOnlyList<string> Describe(HubCredentials c, DateTimeOffset now)
    {
        var lines = new List<string> { $"Hub:        {c.Hub.TrimEnd('/')}", $"Username:   {c.User}" };
        if (!string.IsNullOrEmpty(c.Cluster)) lines.Add($"Cluster:    {c.Cluster}");
        lines.Add($"Expires:    {FormatTime(c.Expires)} ({Relative(c.Expires - now)})");
        return lines;
    }

    /// <summary>"Fri Feb 17 15:46 UTC", as in the guide.</summary>
    public static string FormatTime(DateTimeOffset t) => t.UtcDateTime.ToString("ddd MMM d HH:mm 'UTC'", CultureInfo.InvariantCulture);

    public static string Relative(TimeSpan span)
    {
        if (span <= TimeSpan.Zero) return "expired";
        if (span.TotalHours >= 1) return Plural((int)Math.Round(span.TotalHours), "hour") + " from now";
        return Plural(Math.Max(1, (int)Math.Round(span.TotalMinutes)), "minute") + " from now";
    }

    private static string Plural(int n, string unit) => n == 1 ? $"1 {unit}" : $"{n} {unit}s";

    /// <summary>"shop:1.0.0" → ("shop", "1.0.0"); "shop" → ("shop", null).</summary>
    public static (string Name, string? Version) ParseApplication(string value)
    {
        var colon = value.IndexOf(':');
        var (name, version) = colon < 0 ? (value, null) : (value[..colon], value[(colon + 1)..]);
        if (name.Length == 0 || version is { Length: 0 }) throw new GravityException($"invalid application '{value}': expected NAME or NAME:VERSION");
        return (name, version);
    }
}

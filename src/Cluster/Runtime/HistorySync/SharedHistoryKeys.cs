using System.Globalization;
using System.Text.Json;
using Gravity.Cluster.Plans;
using Gravity.Health.History;

namespace Gravity.Cluster.Runtime.HistorySync;

/// <summary>
/// How status events live in etcd for the masters to share: one key per event identity (time in ms, type, node,
/// checker), so the same event written by two masters is one key, and keys sort by time.
/// </summary>
public static class SharedHistoryKeys
{
    public const string Prefix = "/gravity/history/";
    private const int MaxDetailChars = 4096;

    public static string KeyOf(ClusterEvent ev)
        => string.Create(CultureInfo.InvariantCulture,
            $"{Prefix}{ev.UnixMilliseconds:D15}/{ev.Type}/{Uri.EscapeDataString(ev.Node ?? "")}/{Uri.EscapeDataString(ev.Checker ?? "")}");

    public static string ValueOf(ClusterEvent ev)
        => JsonSerializer.Serialize(new SharedEvent(ev.UnixMilliseconds, ev.Type.ToString(), ev.Node, ev.Checker, Truncate(ev.Detail)), PlanJson.Options);

    /// <summary>The event, or null for a value that is not one (a key written by something else is skipped, not trusted).</summary>
    public static ClusterEvent? TryParse(string value)
    {
        try
        {
            var e = JsonSerializer.Deserialize<SharedEvent>(value, PlanJson.Options);
            if (e is null || e.Time <= 0 || !Enum.TryParse<ClusterEventType>(e.Type, ignoreCase: false, out var type) || !Enum.IsDefined(type)) return null;
            if (!OneWord(e.Node) || !OneWord(e.Checker)) return null;
            return new ClusterEvent(DateTimeOffset.FromUnixTimeMilliseconds(e.Time), type, e.Node, e.Checker, Truncate(e.Detail));
        }
        catch (Exception ex) when (ex is JsonException or ArgumentOutOfRangeException)
        {
            return null;
        }
    }

    /// <summary>The time in a key, for pruning without reading values.</summary>
    public static DateTimeOffset? TimeOf(string key)
        => key.StartsWith(Prefix, StringComparison.Ordinal) && key.Length > Prefix.Length + 15
           && long.TryParse(key.AsSpan(Prefix.Length, 15), NumberStyles.None, CultureInfo.InvariantCulture, out var ms)
            ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null;

    // Names end up in `gravity status history` lines: one word, as a node or checker name is.
    private static bool OneWord(string? name) => name is null || (name.Length is > 0 and <= 253 && !name.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)));

    private static string? Truncate(string? detail) => detail is { Length: > MaxDetailChars } ? detail[..MaxDetailChars] : detail;

    private sealed record SharedEvent(long Time, string Type, string? Node, string? Checker, string? Detail);
}

using System.Globalization;
using System.Text;

namespace Gravity.Health.History;

/// <summary>
/// One entry of the status history. The time (to the millisecond), type, node and checker form the identity that makes
/// recording idempotent and lets masters merge their histories; lines print the time to the second.
/// </summary>
public sealed record ClusterEvent(DateTimeOffset Time, ClusterEventType Type, string? Node = null, string? Checker = null, string? Detail = null)
{
    private const int TypeColumnWidth = 20;

    public DateTimeOffset TimeUtcSeconds => new(Time.UtcTicks - Time.UtcTicks % TimeSpan.TicksPerSecond, TimeSpan.Zero);
    public long UnixMilliseconds => Time.ToUnixTimeMilliseconds();

    /// <summary>`2020-02-18T21:36:07Z [Node Degraded]     node=node-1` (the layout of `gravity status history`).</summary>
    public string Format()
    {
        var sb = new StringBuilder();
        sb.Append(TimeUtcSeconds.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)).Append(' ');
        var label = $"[{Type.Display()}]";
        sb.Append(label.Length < TypeColumnWidth ? label.PadRight(TypeColumnWidth) : label + " ");
        var fields = new List<string>();
        if (Node is not null) fields.Add($"node={Node}");
        if (Checker is not null) fields.Add($"checker={Checker}");
        sb.Append(string.Join(' ', fields));
        return sb.ToString().TrimEnd();
    }

    public static ClusterEvent ProbeFailed(string node, string checker, string? error = null) => new(DateTimeOffset.UtcNow, ClusterEventType.ProbeFailed, node, checker, error);
    public static ClusterEvent ProbeSucceeded(string node, string checker) => new(DateTimeOffset.UtcNow, ClusterEventType.ProbeSucceeded, node, checker);
    public static ClusterEvent NodeAdded(string node) => new(DateTimeOffset.UtcNow, ClusterEventType.NodeAdded, node);
    public static ClusterEvent NodeRemoved(string node) => new(DateTimeOffset.UtcNow, ClusterEventType.NodeRemoved, node);
}

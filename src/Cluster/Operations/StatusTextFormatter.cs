using System.Globalization;
using System.Text;

namespace Gravity.Cluster.Operations;

/// <summary>The text of `gravity status`, in the layout of the guide.</summary>
public static class StatusTextFormatter
{
    public static string Format(ClusterStatusReport r)
    {
        var sb = new StringBuilder();
        sb.AppendLine(CultureInfo.InvariantCulture, $"Cluster:\t{r.Cluster}, created at {Time(r.Created)}");
        // Masters (etcd members, registries, leader candidates) first, then the regular nodes.
        foreach (var (title, group) in new[] { ("Masters:", r.Nodes.Where(n => n.Master)), ("Nodes:", r.Nodes.Where(n => !n.Master)) })
        {
            var nodes = group.OrderBy(n => n.Joined).ThenBy(n => n.Name, StringComparer.Ordinal).ToList();
            if (nodes.Count == 0) continue;
            sb.AppendLine(title);
            // Gravity's "* host / ip / profile"; the node name too where it is not the host name.
            foreach (var n in nodes)
            {
                sb.AppendLine(CultureInfo.InvariantCulture, $"    * {n.DisplayHost} / {n.AdvertiseAddr} / {n.Role}");
                if (n.DisplayHost != n.Name) sb.AppendLine(CultureInfo.InvariantCulture, $"        Node:\t{n.Name}");
                sb.AppendLine(CultureInfo.InvariantCulture, $"        Status:\t{n.Status}, joined {Time(n.Joined)}");
            }
        }
        sb.AppendLine(CultureInfo.InvariantCulture, $"Application:\t{r.Application.Name}, version {r.Application.Version}");
        sb.AppendLine(CultureInfo.InvariantCulture, $"Status:\t\t{r.Status}");
        sb.AppendLine(CultureInfo.InvariantCulture, $"Join token:\t{r.JoinToken}");
        if (r.Operation is { } op)
            sb.AppendLine(CultureInfo.InvariantCulture, $"Operation:\t{op.Type} {op.Id}, {op.State}{(op.Phase is null ? "" : $", at {op.Phase} ({op.PhaseState})")}, started {Time(op.Created)}");
        foreach (var p in r.Problems) sb.AppendLine(CultureInfo.InvariantCulture, $"Problem:\t{p}");
        return sb.ToString();
    }

    private static string Time(DateTimeOffset t) => t.UtcDateTime.ToString("ddd MMM d HH:mm 'UTC'", CultureInfo.InvariantCulture);
}

using System.Globalization;
using System.Text;

namespace Gravity.Cluster.Plans;

/// <summary>The text table of `gravity plan display`: Phase, Description, State, Node, Requires, Updated; then the errors of failed phases.</summary>
public static class PlanTextFormatter
{
    private static readonly string[] Headers = ["Phase", "Description", "State", "Node", "Requires", "Updated"];

    public static string Format(PlanView view)
    {
        var rows = new List<string[]>();
        var errors = new List<(string Phase, string Error)>();
        foreach (var phase in view.Phases) Collect(phase, 0, rows, errors);

        var widths = Headers.Select((h, i) => Math.Max(h.Length, rows.Count == 0 ? 0 : rows.Max(r => r[i].Length))).ToArray();
        var sb = new StringBuilder();
        sb.AppendLine(CultureInfo.InvariantCulture, $"Operation {view.OperationId} ({view.OperationType}), {view.OperationState}, cluster {view.ClusterName}, planned by gravity {view.GravityVersion ?? "(unknown version)"}");
        AppendRow(sb, Headers, widths);
        AppendRow(sb, Headers.Select(h => new string('-', h.Length)).ToArray(), widths);
        foreach (var row in rows) AppendRow(sb, row, widths);
        foreach (var (phase, error) in errors)
            sb.AppendLine().Append(CultureInfo.InvariantCulture, $"Phase {phase} failed: {error}");
        return sb.ToString().TrimEnd() + Environment.NewLine;
    }

    private static void Collect(PhaseView phase, int depth, List<string[]> rows, List<(string, string)> errors)
    {
        rows.Add([
            new string(' ', depth * 2) + "* " + phase.Phase[(phase.Phase.LastIndexOf('/') + 1)..],
            phase.Description,
            phase.State,
            phase.Node ?? "-",
            phase.Requires.Count == 0 ? "-" : string.Join(",", phase.Requires),
            phase.Updated?.ToUniversalTime().ToString("ddd MMM d HH:mm:ss UTC", CultureInfo.InvariantCulture) ?? "-",
        ]);
        if (phase.Error is not null) errors.Add((phase.Phase, phase.Error));
        foreach (var child in phase.Phases) Collect(child, depth + 1, rows, errors);
    }

    private static void AppendRow(StringBuilder sb, string[] cells, int[] widths)
    {
        for (var i = 0; i < cells.Length; i++)
            sb.Append(i == cells.Length - 1 ? cells[i] : cells[i].PadRight(widths[i] + 3));
        sb.AppendLine();
    }
}

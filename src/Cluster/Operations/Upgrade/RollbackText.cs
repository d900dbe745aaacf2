using System.Globalization;
using System.Text;
using Gravity.Cluster.State;

namespace Gravity.Cluster.Operations.Upgrade;

/// <summary>What `gravity rollback` prints, in the words of Gravity's guide ("Rolling Back a Failed Upgrade").</summary>
public static class RollbackText
{
    public const string Intro = "You are about to rollback the following operation:";
    public const string DryRunAdvice = "Consider checking the operation plan and using --dry-run flag first to see which actions will be performed.";
    public const string ConfirmAdvice = "You can suppress this warning in future by providing --confirm flag.";
    public const string Prompt = "Proceed? (yes/no): ";
    public const string DryRunPrefix = "[DRY-RUN] ";

    /// <summary>The operation table: Type, ID, State, Created, each column five spaces wider than its widest cell.</summary>
    public static string Table(OperationRecord operation)
    {
        string[] headers = ["Type", "ID", "State", "Created"];
        string[] row = [TypeOf(operation.Type), operation.Id, StateOf(operation), operation.Created.ToUniversalTime().ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)];
        var widths = headers.Select((h, i) => Math.Max(h.Length, row[i].Length) + 5).ToArray();
        var sb = new StringBuilder();
        foreach (var cells in new[] { headers, headers.Select(h => new string('-', h.Length)).ToArray(), row })
            sb.AppendLine(string.Concat(cells.Select((c, i) => i == cells.Length - 1 ? c : c.PadRight(widths[i]))));
        return sb.ToString();
    }

    /// <summary>Gravity's names of operation types ("operation_update" for an upgrade).</summary>
    public static string TypeOf(string type) => "operation_" + GravityName(type);

    /// <summary>Gravity's names of operation states ("update_in_progress").</summary>
    public static string StateOf(OperationRecord operation) => operation.State switch
    {
        OperationState.InProgress => $"{GravityName(operation.Type)}_in_progress",
        OperationState.Failed => "failed",
        _ => "completed",
    };

    public static string Line(string phaseId, string? node, bool local, bool dryRun)
        => (dryRun ? DryRunPrefix : "") + (local ? $"Rolling back \"{phaseId}\" locally" : $"Rolling back \"{phaseId}\" on node {node}");

    private static string GravityName(string type) => type == OperationTypes.Upgrade ? "update" : type;
}

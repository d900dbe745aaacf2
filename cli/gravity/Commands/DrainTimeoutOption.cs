using System.CommandLine;
using Gravity.Cluster.Operations.Shrink;
using Gravity.Core;

namespace Gravity.Cli.Node.Commands;

/// <summary>
/// --drain-timeout of leave and remove, a duration as Gravity's flags take them (90s, 10m, 1h30m): how long the node's
/// drain may wait for evictions a PodDisruptionBudget refuses and for its pods to go.
/// </summary>
internal static class DrainTimeoutOption
{
    private static readonly TimeSpan Longest = TimeSpan.FromHours(24);

    public static Option<TimeSpan> Create() => new("--drain-timeout")
    {
        Description = "How long to wait for the node's pods to be evicted (PodDisruptionBudgets honoured), e.g. 10m; default 1h",
        DefaultValueFactory = _ => ShrinkConfig.DefaultDrainTimeout,
        CustomParser = result =>
        {
            var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : "";
            if (Parse(text) is { } timeout) return timeout;
            result.AddError($"--drain-timeout: \"{text}\" is not a duration between 1s and 24h (like 90s, 10m or 1h30m)");
            return default;
        },
    };

    /// <summary>The duration (<see cref="DurationText"/>) when it is one between 1 s and 24 h, else null.</summary>
    public static TimeSpan? Parse(string text)
    {
        try
        {
            var total = DurationText.Parse(text, "--drain-timeout");
            return total >= TimeSpan.FromSeconds(1) && total <= Longest ? total : null;
        }
        catch (GravityException)
        {
            return null;
        }
    }
}

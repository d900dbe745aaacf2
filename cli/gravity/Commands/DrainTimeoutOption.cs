using System.CommandLine;
using System.Globalization;
using System.Text.RegularExpressions;
using Gravity.Cluster.Operations.Shrink;

namespace Gravity.Cli.Node.Commands;

/// <summary>
/// --drain-timeout of leave and remove, a duration as Gravity's flags take them (90s, 10m, 1h30m): how long the node's
/// drain may wait for evictions a PodDisruptionBudget refuses and for its pods to go.
/// </summary>
internal static partial class DrainTimeoutOption
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

    public static TimeSpan? Parse(string text)
    {
        var m = Duration().Match(text);
        if (!m.Success || text.Length == 0) return null;
        var total = TimeSpan.Zero;
        foreach (var (group, unit) in new[] { ("h", TimeSpan.FromHours(1)), ("m", TimeSpan.FromMinutes(1)), ("s", TimeSpan.FromSeconds(1)) })
            if (m.Groups[group].Success)
            {
                if (!int.TryParse(m.Groups[group].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n > 100_000) return null;
                total += unit * n;
            }
        return total >= TimeSpan.FromSeconds(1) && total <= Longest ? total : null;
    }

    [GeneratedRegex(@"^(?:(?<h>\d{1,6})h)?(?:(?<m>\d{1,6})m)?(?:(?<s>\d{1,6})s)?$")]
    private static partial Regex Duration();
}

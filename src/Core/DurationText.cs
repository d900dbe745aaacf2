using System.Globalization;
using System.Text.RegularExpressions;

namespace Gravity.Core;

/// <summary>
/// Durations as Gravity's flags take them (Go's notation): one or more number-unit pairs, units h, m, s and ms, as in
/// "90s", "20m", "1h30m" or "1.5h". A bare number is refused: seconds or minutes would be a guess.
/// </summary>
public static partial class DurationText
{
    public static TimeSpan Parse(string text, string flag)
    {
        var match = Pattern().Match(text.Trim());
        if (!match.Success)
            throw new GravityException($"{flag}: '{text}' is not a duration (examples: 90s, 20m, 1h30m)");
        var total = TimeSpan.Zero;
        try
        {
            foreach (Capture part in match.Groups["part"].Captures)
                total += Part(part.Value);
        }
        catch (OverflowException)
        {
            throw new GravityException($"{flag}: '{text}' is too long a duration");
        }
        return total;
    }

    private static TimeSpan Part(string part)
    {
        var unit = part.TrimStart("0123456789.".ToCharArray());
        var number = double.Parse(part[..^unit.Length], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);
        return unit switch
        {
            "h" => TimeSpan.FromHours(number),
            "m" => TimeSpan.FromMinutes(number),
            "s" => TimeSpan.FromSeconds(number),
            _ => TimeSpan.FromMilliseconds(number),
        };
    }

    [GeneratedRegex(@"^(?<part>\d+(\.\d+)?(h|ms|m|s))+$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}

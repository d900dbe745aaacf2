namespace Gravity.Cli;

/// <summary>
/// Tables written to a file or a pipe are as wide as <c>COLUMNS</c> says (Spectre.Console assumes 80 when the output is
/// not a terminal), so that logs and scripts get whole rows instead of details wrapped mid-word.
/// </summary>
public static class ConsoleWidth
{
    public static void Apply()
    {
        if (!Console.IsOutputRedirected) return;
        if (int.TryParse(Environment.GetEnvironmentVariable("COLUMNS"), out var columns) && columns is >= 40 and <= 1000)
            Spectre.Console.AnsiConsole.Profile.Width = columns;
    }
}

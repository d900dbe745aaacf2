namespace Gravity.Cli;

/// <summary>
/// Output written to a file or a pipe is for logs and scripts: tables are as wide as <c>COLUMNS</c> says (Spectre.Console
/// assumes 80 when the output is not a terminal, wrapping details mid-word) and carry no colour escape codes.
/// </summary>
public static class RedirectedConsole
{
    public static void Apply()
    {
        if (!Console.IsOutputRedirected) return;
        var profile = Spectre.Console.AnsiConsole.Profile;
        profile.Capabilities.ColorSystem = Spectre.Console.ColorSystem.NoColors;
        profile.Capabilities.Ansi = false;
        if (int.TryParse(Environment.GetEnvironmentVariable("COLUMNS"), out var columns) && columns is >= 40 and <= 1000)
            profile.Width = columns;
    }
}

using System.CommandLine;
using Gravity.Packaging.Build;

namespace Gravity.Cli.Tele.Progress;

/// <summary>Chooses how a build shows progress: bars on a terminal, plain lines when redirected, nothing with -q.</summary>
internal static class BuildProgressFactory
{
    public static async Task<T> RunAsync<T>(ParseResult parseResult, Func<IBuildProgress, Task<T>> run)
    {
        if (parseResult.GetValue(CommandAction.Quiet)) return await run(NullBuildProgress.Instance);
        if (!CommandAction.Interactive(parseResult)) return await run(new PlainBuildProgress(Console.Error));
        return await SpectreBuildProgress.RunAsync(run);
    }
}

using System.Diagnostics;
using Gravity.Core.Processes;
using Gravity.Testing;

namespace Gravity.Cluster.Tests.Operations;

/// <summary>Runs gravity (<see cref="ProgramUnderTest.Gravity"/>) as a separate process.</summary>
internal static class GravityCli
{
    public static Task<ProcessResult> RunAsync(params string[] args) => ProgramUnderTest.Gravity.RunAsync(args);

    public static async Task<string> RunCheckedAsync(params string[] args)
    {
        var r = await RunAsync(args);
        r.ExitCode.Should().Be(0, $"gravity {string.Join(' ', args)} failed:\n{r.Combined}");
        return r.StdOut;
    }

    /// <summary>Starts gravity without waiting (to kill it mid-operation).</summary>
    public static Process Start(params string[] args) => Start(null, args);

    /// <summary>Starts gravity without waiting, with extra environment variables (failpoints).</summary>
    public static Process Start(IReadOnlyDictionary<string, string>? environment, params string[] args)
        => ProgramUnderTest.Gravity.Start(args, environment);
}

using Gravity.Core.Processes;
using Gravity.Testing;

namespace Gravity.Hub.Tests.Tele;

/// <summary>Runs the real tele program (<see cref="ProgramUnderTest.Tele"/>) with its own TELE_HOME.</summary>
public sealed class TeleProcess(string home, string workDir)
{
    public string Home { get; } = home;

    public Task<ProcessResult> RunAsync(params string[] args) => RunWithInputAsync(null, args);

    public Task<ProcessResult> RunWithInputAsync(string? stdin, params string[] args)
        => ProgramUnderTest.Tele.RunAsync(args, workDir,
            new Dictionary<string, string?> { ["TELE_HOME"] = Home, ["NO_COLOR"] = "1", ["COLUMNS"] = "200" },
            TimeSpan.FromMinutes(2), stdin);
}

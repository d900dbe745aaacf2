using Gravity.Core.Processes;

namespace Gravity.Hub.Tests.Tele;

/// <summary>Runs the real tele program (built next to the tests) with its own TELE_HOME.</summary>
public sealed class TeleProcess(string home, string workDir)
{
    private static readonly string TeleDll = Path.Combine(AppContext.BaseDirectory, "tele.dll");

    public string Home { get; } = home;

    public Task<ProcessResult> RunAsync(params string[] args) => RunWithInputAsync(null, args);

    public Task<ProcessResult> RunWithInputAsync(string? stdin, params string[] args)
        => ProcessRunner.RunAsync("dotnet", [TeleDll, .. args], workDir,
            new Dictionary<string, string?> { ["TELE_HOME"] = Home, ["NO_COLOR"] = "1", ["COLUMNS"] = "200" },
            TimeSpan.FromMinutes(2), stdin);
}

using System.Text.RegularExpressions;
using Gravity.Core.Processes;

namespace Gravity.Testing;

/// <summary>
/// Runs a command line exactly as a guide writes it (`tele ${TELE_FLAGS} build app.yaml`), through /bin/sh, with
/// `tele` and `gravity` on PATH meaning the programs under test (<see cref="ProgramUnderTest"/>): the published
/// executables under GRAVITY_TEST_BIN, else small launchers of `dotnet NAME.dll`.
/// </summary>
public static class GuideShell
{
    public static async Task<ProcessResult> RunAsync(string commandLine, string workingDirectory, IReadOnlyDictionary<string, string?>? environment = null)
    {
        using var bin = new TempDir("guide-bin");
        // Only the programs the line names: a test project builds just the one it tests.
        if (Regex.IsMatch(commandLine, @"\btele\b")) WriteLauncher(bin, "tele", ProgramUnderTest.Tele);
        if (Regex.IsMatch(commandLine, @"\bgravity\b")) WriteLauncher(bin, "gravity", ProgramUnderTest.Gravity);
        var env = new Dictionary<string, string?>(environment ?? new Dictionary<string, string?>())
        {
            ["PATH"] = $"{bin.Path}:{Environment.GetEnvironmentVariable("PATH")}",
        };
        return await ProcessRunner.RunAsync("/bin/sh", ["-c", commandLine], workingDirectory, env, TimeSpan.FromMinutes(3));
    }

    private static void WriteLauncher(TempDir bin, string name, ProgramUnderTest program)
    {
        var path = bin.Combine(name);
        var words = program.Arguments().Prepend(program.FileName).Select(Quote);
        File.WriteAllText(path, $"#!/bin/sh\nexec {string.Join(' ', words)} \"$@\"\n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    private static string Quote(string word) => "'" + word.Replace("'", "'\\''") + "'";
}

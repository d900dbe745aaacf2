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

    /// <summary>
    /// An executable file that is <paramref name="program"/>: the published binary itself, else a launcher script written
    /// into <paramref name="folder"/> (e.g. the gravity binary a test cluster image embeds).
    /// </summary>
    public static string Executable(ProgramUnderTest program, string folder, string name)
    {
        if (program.IsPublished) return program.FileName;
        Directory.CreateDirectory(folder);
        return WriteLauncher(Path.Combine(folder, name), program);
    }

    private static void WriteLauncher(TempDir bin, string name, ProgramUnderTest program) => WriteLauncher(bin.Combine(name), program);

    private static string WriteLauncher(string path, ProgramUnderTest program)
    {
        var words = program.Arguments().Prepend(program.FileName).Select(Quote);
        File.WriteAllText(path, $"#!/bin/sh\nexec {string.Join(' ', words)} \"$@\"\n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return path;
    }

    private static string Quote(string word) => "'" + word.Replace("'", "'\\''") + "'";
}

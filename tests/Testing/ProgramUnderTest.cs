using System.Diagnostics;
using Gravity.Core.Processes;

namespace Gravity.Testing;

/// <summary>
/// gravity or tele as the tests run them, in separate processes. When GRAVITY_TEST_BIN names a folder (scripts/test.sh
/// publishes there), the published single-file executables are run: the trimmed binaries users get. Otherwise
/// `dotnet NAME.dll` from the solution build, for a quick run from an IDE.
/// </summary>
public sealed record ProgramUnderTest(string FileName, IReadOnlyList<string> LeadingArgs)
{
    public const string PublishedFolderVariable = "GRAVITY_TEST_BIN";

    public static ProgramUnderTest Gravity { get; } = Find("gravity");
    public static ProgramUnderTest Tele { get; } = Find("tele");

    public bool IsPublished => LeadingArgs.Count == 0;

    /// <summary>The full argument list: the dll first when run through dotnet.</summary>
    public IReadOnlyList<string> Arguments(params IEnumerable<string> args) => [.. LeadingArgs, .. args];

    public Task<ProcessResult> RunAsync(IEnumerable<string> args, string? workingDirectory = null,
        IReadOnlyDictionary<string, string?>? environment = null, TimeSpan? timeout = null, string? stdin = null)
        => ProcessRunner.RunAsync(FileName, Arguments(args), workingDirectory, environment, timeout ?? TimeSpan.FromMinutes(3), stdin);

    /// <summary>Starts the program without waiting (a server, or to kill it mid-operation); its output is read and dropped.</summary>
    public Process Start(IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null)
    {
        var psi = new ProcessStartInfo(FileName) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var (k, v) in environment ?? new Dictionary<string, string>()) psi.Environment[k] = v;
        foreach (var a in Arguments(args)) psi.ArgumentList.Add(a);
        var process = Process.Start(psi)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static ProgramUnderTest Find(string name)
    {
        if (Environment.GetEnvironmentVariable(PublishedFolderVariable) is { Length: > 0 } published)
        {
            var executable = Path.GetFullPath(Path.Combine(published, name));
            return File.Exists(executable)
                ? new ProgramUnderTest(executable, [])
                : throw new InvalidOperationException($"{PublishedFolderVariable}={published}: there is no {name} in it (run scripts/publish.sh {published})");
        }
        return new ProgramUnderTest(Dotnet, [FindDll(name)]);
    }

    private static string FindDll(string name)
    {
        var candidates = new List<string> { Path.Combine(AppContext.BaseDirectory, $"{name}.dll") };
        if (Environment.GetEnvironmentVariable("GRAVITY_BUILD_DIR") is { Length: > 0 } buildDir)
            candidates.Add(Path.Combine(buildDir, "bin", name, "Debug", "net10.0", $"{name}.dll"));
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Gravity.slnx"))) dir = dir.Parent;
        if (dir is not null) candidates.Add(Path.Combine(dir.FullName, "cli", name, "bin", "Debug", "net10.0", $"{name}.dll"));
        return candidates.FirstOrDefault(File.Exists)
               ?? throw new InvalidOperationException($"{name}.dll not found (build cli/{name} first); looked at: {string.Join(", ", candidates)}");
    }

    private static string Dotnet => Environment.ProcessPath is { } p && Path.GetFileNameWithoutExtension(p) == "dotnet"
        ? p
        : ProcessRunner.Which("dotnet") ?? "dotnet";
}

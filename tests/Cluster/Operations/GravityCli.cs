using System.Diagnostics;
using Gravity.Core.Processes;

namespace Gravity.Cluster.Tests.Operations;

/// <summary>Runs the gravity CLI built with the tests as a separate process: `dotnet gravity.dll ARGS`.</summary>
internal static class GravityCli
{
    public static string Dll => Path.Combine(AppContext.BaseDirectory, "gravity.dll");

    public static string Dotnet => Environment.ProcessPath is { } p && Path.GetFileNameWithoutExtension(p) == "dotnet"
        ? p
        : ProcessRunner.Which("dotnet") ?? "dotnet";

    public static Task<ProcessResult> RunAsync(params string[] args) =>
        ProcessRunner.RunAsync(Dotnet, [Dll, .. args], timeout: TimeSpan.FromMinutes(3));

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
    {
        var psi = new ProcessStartInfo(Dotnet) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var (k, v) in environment ?? new Dictionary<string, string>()) psi.Environment[k] = v;
        psi.ArgumentList.Add(Dll);
        foreach (var a in args) psi.ArgumentList.Add(a);
        var p = Process.Start(psi)!;
        p.OutputDataReceived += (_, _) => { };
        p.ErrorDataReceived += (_, _) => { };
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        return p;
    }
}

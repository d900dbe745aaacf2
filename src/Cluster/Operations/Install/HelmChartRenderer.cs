using Gravity.Core;
using Gravity.Core.Processes;
using Gravity.Kubernetes;

namespace Gravity.Cluster.Operations.Install;

/// <summary>
/// A Helm chart of the application as Kubernetes objects: `helm template` of the runtime package's helm (with the
/// chart's own values), whose output /app applies like the other resource files. The release is named after the
/// chart's folder (the application's name for a chart at the top of the resources); helm's caches go to a temporary
/// folder, never root's home.
/// </summary>
public static class HelmChartRenderer
{
    public static readonly TimeSpan Timeout = TimeSpan.FromMinutes(5);

    public static async Task<IReadOnlyList<ApplicationObject>> RenderAsync(string helm, string chartDir, string chart, string appName, CancellationToken ct)
    {
        if (!File.Exists(helm)) throw new GravityException($"Helm chart {chart}: the runtime package has no helm ({helm} is missing)");
        var release = chart.Length == 0 ? appName : Path.GetFileName(chart);
        var home = Path.Combine(Path.GetTempPath(), $"gravity-helm-{Guid.NewGuid():N}");
        Directory.CreateDirectory(home);
        try
        {
            var result = await ProcessRunner.RunAsync(helm, ["template", release.ToLowerInvariant(), chartDir, "--namespace", "default"],
                environment: new Dictionary<string, string?> { ["HELM_CACHE_HOME"] = home, ["HELM_CONFIG_HOME"] = home, ["HELM_DATA_HOME"] = home, ["HOME"] = home },
                timeout: Timeout, ct: ct);
            if (!result.Succeeded)
                throw new GravityException($"Helm chart {chart}: helm template failed (exit {result.ExitCode}): {result.StdErr.Trim()}");
            return ApplicationObjectReader.Read(result.StdOut, $"{(chart.Length == 0 ? "." : chart)} (helm template)");
        }
        finally
        {
            Directory.Delete(home, recursive: true);
        }
    }
}
